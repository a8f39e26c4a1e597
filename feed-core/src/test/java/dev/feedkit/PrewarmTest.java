package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class PrewarmTest {

    @Test
    void a_full_queue_drops_jobs_doubles_the_ttl_up_to_the_max_and_a_success_resets_it() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        List<Integer> multipliers = new CopyOnWriteArrayList<>();
        List<Integer> dropped = new CopyOnWriteArrayList<>();
        CountDownLatch prewarmed = new CountDownLatch(1);
        FeedListener listener = new FeedListener() {
            @Override
            public void onPage(FeedStats stats) {
            }

            @Override
            public void onPrewarmDropped(int ttlMultiplier) {
                dropped.add(ttlMultiplier);
            }

            @Override
            public void onPrewarmed(int keysLoaded) {
                prewarmed.countDown();
            }
        };
        Prewarmer.Job job = (viewer, after, limit, multiplier) -> {
            multipliers.add(multiplier);
            running.countDown();
            await(release);
            if (viewer == 1) {
                throw new FeedUnavailableException("store down", null); // a failure does not reset
            }
            return 1;
        };
        Prewarmer p = new Prewarmer(1, 1, 8, job, List.of(listener), null);
        try {
            p.submit(1, Keyset.START, 20);              // runs, blocks
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            p.submit(2, Keyset.START, 20);              // queued
            for (int i = 0; i < 5; i++) {
                p.submit(3, Keyset.START, 20);          // dropped
            }
            assertThat(dropped).containsExactly(2, 4, 8, 8, 8);
            assertThat(p.dropped()).isEqualTo(5);
            assertThat(p.ttlMultiplier()).isEqualTo(8);
            release.countDown();
            assertThat(prewarmed.await(10, TimeUnit.SECONDS)).as("the queued job finished").isTrue();
            assertThat(p.completed()).isEqualTo(1);
            // The queued job ran after the drops (and a failed job) and got the grown multiplier.
            assertThat(multipliers).containsExactly(1, 8);
            assertThat(p.ttlMultiplier()).isEqualTo(1);
        } finally {
            p.close();
        }
    }

    @Test
    void prewarmed_entries_get_the_multiplied_ttl_and_plain_entries_the_base_ttl() {
        CaffeineTier l1 = new CaffeineTier(1 << 24, new Ttl(Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(5)),
                new FakeTicker());
        Entities e = Entities.of(EntityKeys.of(9, new long[] {1}, new long[] {2}));
        e.post(new Post(1, 2, "x", java.time.Instant.EPOCH, null, 0, 0, List.of(), List.of()));
        e.relationship(2, Relationship.NONE);
        l1.putAll(e, 4);
        assertThat(l1.expiresInNanos(CacheKey.post(1))).isBetween(nanos(4 * 300 * 0.9), nanos(4 * 300 * 1.1));
        assertThat(l1.expiresInNanos(CacheKey.relationship(9, 2))).isBetween(nanos(4 * 60 * 0.9), nanos(4 * 60 * 1.1));
        l1.putAll(e, 1);
        assertThat(l1.expiresInNanos(CacheKey.post(1))).isBetween(nanos(300 * 0.9), nanos(300 * 1.1));
    }

    @Test
    void the_assembler_prewarms_the_next_page_so_it_needs_no_source_or_store_call() throws Exception {
        TestFeed feed = TestFeed.random(5, 20, 20);
        Semaphore prewarmed = new Semaphore(0);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed)
                .listener(onPrewarmed(prewarmed)).build()) {
            FeedPage first = feeds.assemble(FeedRequest.newBuilder(2).limit(5).build());
            awaitPrewarm(prewarmed);
            FeedPage second = feeds.assemble(FeedRequest.newBuilder(2).limit(5).cursor(first.nextPage()).build());
            assertThat(second.items()).isNotEmpty();
            Post lastOfFirst = first.items().get(first.items().size() - 1).post();
            // The pre-warm asked the source for the second page; the request itself did not.
            assertThat(feed.sourceCallsByPosition.get(new Keyset(lastOfFirst.createdAtMicros(), lastOfFirst.id())))
                    .hasValue(1);
            // And no key was loaded twice: the second page's entities came from L1.
            assertThat(feed.maxLoadsOfAnyKey()).isEqualTo(1);
        }
    }

    @Test
    void a_page_already_prewarmed_is_not_fetched_again_until_it_is_taken() throws Exception {
        TestFeed feed = TestFeed.random(6, 20, 20);
        Semaphore prewarmed = new Semaphore(0);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed)
                .listener(onPrewarmed(prewarmed)).build()) {
            FeedPage first = null;
            for (int i = 0; i < 5; i++) {
                first = feeds.assemble(FeedRequest.newBuilder(2).limit(5).seed(1).build());
                awaitPrewarm(prewarmed); // one job per page, run one after another on the 1-thread pool
            }
            assertThat(feeds.prewarmStats().completed()).isEqualTo(5);
            Post last = first.items().get(first.items().size() - 1).post();
            assertThat(feed.sourceCallsByPosition.get(new Keyset(last.createdAtMicros(), last.id()))).hasValue(1);
        }
    }

    static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }

    static void await(CountDownLatch l) {
        try {
            l.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A listener that releases one permit per finished pre-warm job. */
    private static FeedListener onPrewarmed(Semaphore prewarmed) {
        return new FeedListener() {
            @Override
            public void onPage(FeedStats stats) {
            }

            @Override
            public void onPrewarmed(int keysLoaded) {
                prewarmed.release();
            }
        };
    }

    /** Waits for the pre-warm thread to finish one job (a wait for that thread, not for time to pass). */
    private static void awaitPrewarm(Semaphore prewarmed) throws InterruptedException {
        assertThat(prewarmed.tryAcquire(10, TimeUnit.SECONDS)).as("a pre-warm job finished within 10 s").isTrue();
    }
}
