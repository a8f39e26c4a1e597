package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

final class SingleFlightTest {

    @Test
    void concurrent_misses_of_the_same_keys_load_each_key_once() throws Exception {
        TestFeed feed = TestFeed.random(1, 30, 20);
        CountDownLatch gate = new CountDownLatch(1);
        feed.loadGate = gate;
        feed.loadEntered = new CountDownLatch(1);
        int threads = 32;
        List<Thread> requestThreads = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r);
            requestThreads.add(t);
            return t;
        });
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false)
                .asyncPool(threads, 64).build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<FeedPage>> pages = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                pages.add(pool.submit(() -> {
                    start.await();
                    return feeds.assemble(FeedRequest.newBuilder(7).limit(50).seed(1).build());
                }));
            }
            start.countDown();
            feed.loadEntered.await();
            awaitAllParked(requestThreads, threads); // every other request now waits on the flight
            gate.countDown();
            FeedPage first = pages.get(0).get();
            for (Future<FeedPage> p : pages) {
                assertThat(p.get()).isEqualTo(first);
            }
            assertThat(first.items()).isNotEmpty();
        } finally {
            pool.shutdownNow();
        }
        assertThat(feed.maxLoadsOfAnyKey()).as("loads of the most-loaded key").isEqualTo(1);
    }

    /**
     * Waits until all {@code n} request threads are parked in a timed wait: the one in the gated
     * store call, the others joining its flight under their deadline. A wait for those threads, not
     * for time to pass; it ends as soon as they are there.
     */
    private static void awaitAllParked(List<Thread> threads, int n) throws InterruptedException {
        for (int spins = 0; !allParked(threads, n); spins++) {
            assertThat(spins).as("request threads parked within about 10 s").isLessThan(10_000);
            Thread.sleep(1);
        }
    }

    private static boolean allParked(List<Thread> threads, int n) {
        return threads.size() == n && threads.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void a_warm_page_makes_no_store_call() {
        TestFeed feed = TestFeed.random(2, 20, 10);
        List<FeedStats> stats = new ArrayList<>();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false)
                .listener(stats::add).build()) {
            feeds.assemble(FeedRequest.newBuilder(3).seed(1).build());
            feeds.assemble(FeedRequest.newBuilder(3).seed(1).build());
        }
        assertThat(feed.storeCalls.get()).isEqualTo(1);
        assertThat(stats.get(0).storeCalls()).isEqualTo(1);
        assertThat(stats.get(1).storeCalls()).isZero();
        assertThat(stats.get(1).l1Hits()).isEqualTo(stats.get(0).storeKeys());
    }

    @Test
    void a_failed_flight_fails_its_waiters_with_the_cause_and_leaves_nothing_in_flight() throws Exception {
        TestFeed feed = TestFeed.random(3, 20, 10);
        feed.failLoads = new FeedUnavailableException("database is down", null);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).build()) {
            for (int i = 0; i < 2; i++) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(4)))
                        .isInstanceOf(FeedUnavailableException.class).hasMessage("database is down");
            }
            feed.failLoads = null;
            assertThat(feeds.assemble(FeedRequest.of(4)).items()).isNotEmpty();
        }
    }
}
