package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedStats;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.Keyset;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.DemoLoader;
import dev.feedkit.testkit.FeedStoreContract;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/*
 * A private PostgreSQL is stopped (its port then refuses connections) or frozen (SIGSTOP: open
 * connections and new ones hang) under an assembler with the default 1 s deadline. A viewer whose
 * first page was served keeps getting it (stale-if-error: the candidates' last-seen copy, the
 * entities from L1); a viewer never served gets FeedUnavailableException, and every such error
 * comes by the deadline plus a margin, and so does every stale page. The margin asserted is
 * generous (500 ms): this is not a timing benchmark, the real 503 figures under load come from the
 * fault suite. It is still tight enough to catch the regression it guards: before the Watchdog, a
 * call to a frozen server waited for pgjdbc's cancel request, up to cancelSignalTimeout (1 s) past
 * its deadline. The times seen are printed.
 */
final class StoreOutageTest {
    private static final DemoData DATA = FeedStoreContract.standardData();
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final Duration MARGIN = Duration.ofMillis(500);

    private PgServer pg;
    private JdbcFeedStore store;
    private FeedAssembler feeds;
    private final List<FeedStats> stats = new CopyOnWriteArrayList<>();
    private long cached;
    private long uncached;

    @BeforeEach
    void start() {
        pg = PgServer.start();
        store = JdbcFeedStore.fromUrl(pg.url(), "feedkit_outage");
        store.migrate();
        DemoLoader.copy(store.dataSource(), store.schema(), DATA);
        feeds = FeedAssembler.newBuilder().source(store).store(store).timelines(false).prewarm(false)
                .timeout(DEADLINE).listener(stats::add).build();
        cached = DATA.sampleViewer();
        uncached = DATA.users().stream().mapToLong(DemoData.User::id).filter(id -> id != cached).findFirst()
                .orElseThrow();
    }

    @AfterEach
    void stop() {
        feeds.close();
        store.close();
        pg.close();
    }

    @Test
    void stopped_a_cached_viewer_still_gets_pages_and_an_uncached_one_fails_by_the_deadline() throws Exception {
        FeedPage before = feeds.assemble(FeedRequest.of(cached));
        pg.stop();
        duringOutage("stopped", before);
        pg.startAgain();
        awaitRecovered();
    }

    @Test
    void frozen_a_cached_viewer_still_gets_pages_and_an_uncached_one_fails_by_the_deadline() throws Exception {
        FeedPage before = feeds.assemble(FeedRequest.of(cached));
        feeds.assemble(FeedRequest.of(cached)); // the pool now holds an open connection to a backend about to freeze
        pg.freeze();
        duringOutage("frozen", before);
        pg.thaw();
        awaitRecovered();
    }

    @Test
    void frozen_a_call_ends_at_its_deadline_without_waiting_for_the_cancel_request() throws Exception {
        Duration deadline = Duration.ofMillis(300);
        store.candidates(cached, Keyset.START, 21, new Candidates(), Deadline.after(deadline)); // a pooled connection, just used
        pg.freeze();
        long start = System.nanoTime();
        assertThatThrownBy(() -> store.candidates(cached, Keyset.START, 21, new Candidates(), Deadline.after(deadline)))
                .isInstanceOf(FeedUnavailableException.class)
                .hasMessageContaining("SQLState 08006");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("PostgreSQL frozen: a call with a %d ms deadline failed after %d ms%n", deadline.toMillis(),
                took.toMillis());
        // Waiting for the cancel request would take the deadline + cancelSignalTimeout (1 s).
        assertThat(took).isLessThan(deadline.plus(MARGIN));
        pg.thaw();
        store.candidates(cached, Keyset.START, 21, new Candidates(), Deadline.after(Duration.ofSeconds(5)));
    }

    private void duringOutage(String fault, FeedPage before) {
        long worstError = 0;
        long worstStale = 0;
        for (int i = 0; i < 8; i++) {
            long start = System.nanoTime();
            FeedPage page = feeds.assemble(FeedRequest.newBuilder(cached).seed(before.seed()).build());
            worstStale = Math.max(worstStale, System.nanoTime() - start);
            assertThat(page.items()).isEqualTo(before.items());
            assertThat(stats.get(stats.size() - 1).staleCandidates()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("stale page %d while %s", i, fault)
                    .isLessThan(DEADLINE.plus(MARGIN));

            long t = System.nanoTime();
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(uncached)))
                    .isInstanceOf(FeedUnavailableException.class);
            long took = System.nanoTime() - t;
            worstError = Math.max(worstError, took);
            assertThat(Duration.ofNanos(took)).as("error %d while %s", i, fault).isLessThan(DEADLINE.plus(MARGIN));
        }
        assertThat(feeds.health().storeAvailable()).as("the store breaker is open").isFalse();
        System.out.printf("PostgreSQL %s: slowest error %d ms, slowest stale page %d ms (deadline %d ms)%n", fault,
                TimeUnit.NANOSECONDS.toMillis(worstError), TimeUnit.NANOSECONDS.toMillis(worstStale), DEADLINE.toMillis());
    }

    /** The breaker probes until the database answers; then the uncached viewer is served again. */
    private void awaitRecovered() throws InterruptedException {
        long start = System.nanoTime();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            try {
                assertThat(feeds.assemble(FeedRequest.of(uncached)).items()).isNotEmpty();
                assertThat(feeds.health().storeAvailable()).isTrue();
                System.out.printf("served again %d ms after the database came back%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                return;
            } catch (FeedUnavailableException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the store never came back: " + feeds.health());
    }
}
