package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hooks that feed-micrometer and feed-opentelemetry build on: L1 stats, pre-warm outcomes, the tracer SPI. */
final class ObservabilityHooksTest {

    @Test
    void l1_stats_count_keys_looked_up_and_entries_put() {
        TestFeed feed = TestFeed.random(7, 20, 20);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).build()) {
            FeedRequest request = FeedRequest.newBuilder(2).limit(5).seed(1).build();
            FeedStats cold = stats(feeds, request);
            feeds.pipeline().l1().cleanUp(); // the weight is Caffeine's, updated by its maintenance
            FeedAssembler.L1Stats afterCold = feeds.l1Stats();
            assertThat(afterCold.hits()).isZero();
            assertThat(afterCold.misses()).isEqualTo(cold.storeKeys()).isPositive();
            assertThat(afterCold.puts()).isEqualTo(cold.storeKeys());
            assertThat(afterCold.size()).isEqualTo(cold.storeKeys());
            assertThat(afterCold.weight()).isGreaterThan(64L * cold.storeKeys());

            FeedStats warm = stats(feeds, request);
            FeedAssembler.L1Stats afterWarm = feeds.l1Stats();
            assertThat(afterWarm.hits()).isEqualTo(warm.l1Hits()).isEqualTo(cold.storeKeys());
            assertThat(afterWarm.misses()).isEqualTo(afterCold.misses());
            assertThat(afterWarm.puts()).isEqualTo(afterCold.puts());
            assertThat(afterWarm.evictions()).isZero();
        }
    }

    @Test
    void a_prewarmed_page_is_reported_used_when_asked_for_and_wasted_when_it_expired_first() throws Exception {
        TestFeed feed = TestFeed.random(8, 20, 20);
        FakeTicker ticker = new FakeTicker();
        Semaphore prewarmed = new Semaphore(0);
        List<Boolean> outcomes = new CopyOnWriteArrayList<>();
        FeedListener listener = new FeedListener() {
            @Override
            public void onPage(FeedStats stats) {
            }

            @Override
            public void onPrewarmed(int keysLoaded) {
                prewarmed.release();
            }

            @Override
            public void onPrewarmedPage(boolean used) {
                outcomes.add(used);
            }
        };
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).ticker(ticker)
                .relationshipTtl(Duration.ofSeconds(60)).listener(listener).build()) {
            FeedPage first = feeds.assemble(FeedRequest.newBuilder(2).limit(5).seed(1).build());
            assertThat(prewarmed.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            FeedPage second = feeds.assemble(FeedRequest.newBuilder(2).limit(5).cursor(first.nextPage()).build());
            assertThat(outcomes).containsExactly(true);
            assertThat(prewarmed.tryAcquire(10, TimeUnit.SECONDS)).as("the third page was pre-warmed").isTrue();

            ticker.advance(Duration.ofSeconds(31)); // pre-warmed pages are kept for half the relationship TTL
            feeds.assemble(FeedRequest.newBuilder(2).limit(5).cursor(second.nextPage()).build());
            assertThat(outcomes).containsExactly(true, false);
        }
    }

    @Test
    void a_tracer_gets_a_page_span_with_a_child_span_per_stage_in_order() {
        TestFeed feed = TestFeed.random(9, 20, 20);
        RecordingTracer tracer = new RecordingTracer();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).tracer(tracer)
                .build()) {
            FeedPage page = feeds.assemble(FeedRequest.newBuilder(2).limit(5).seed(1).build());
            assertThat(tracer.events).containsExactly("start PAGE", "start SOURCE",
                    "SOURCE CANDIDATES=6", "end SOURCE", "start L1", "L1 KEYS=" + tracer.figure("L1 KEYS"),
                    "L1 HITS=0", "end L1", "start STORE", "STORE KEYS=" + tracer.figure("STORE KEYS"), "end STORE",
                    "start FILTER", "end FILTER", "PAGE VIEWER=2", "PAGE ITEMS=" + page.items().size(),
                    "PAGE CANDIDATES=6", "PAGE STALE=0", "end PAGE");
            assertThat(tracer.open()).isEmpty();

            tracer.events.clear();
            feeds.assemble(FeedRequest.newBuilder(2).limit(5).seed(1).build());
            assertThat(tracer.events).as("a warm page has no store span").doesNotContain("start STORE");
        }
    }

    @Test
    void a_failed_page_fails_its_spans_and_ends_every_one() {
        TestFeed feed = TestFeed.random(10, 20, 20);
        feed.failLoads = new FeedUnavailableException("store down", null);
        RecordingTracer tracer = new RecordingTracer();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).tracer(tracer)
                .build()) {
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.newBuilder(2).limit(5).build()))
                    .isInstanceOf(FeedUnavailableException.class);
            assertThat(tracer.events).contains("fail STORE", "fail PAGE");
            assertThat(tracer.open()).isEmpty();
        }
    }

    @Test
    void a_prewarm_job_runs_through_the_tracers_link() throws Exception {
        TestFeed feed = TestFeed.random(11, 20, 20);
        RecordingTracer tracer = new RecordingTracer();
        Semaphore prewarmed = new Semaphore(0);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).tracer(tracer)
                .listener(new FeedListener() {
                    @Override
                    public void onPage(FeedStats stats) {
                    }

                    @Override
                    public void onPrewarmed(int keysLoaded) {
                        prewarmed.release();
                    }
                }).build()) {
            feeds.assemble(FeedRequest.newBuilder(2).limit(5).seed(1).build());
            assertThat(prewarmed.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            assertThat(tracer.links).isEqualTo(1);
        }
    }

    @Test
    void timeline_stats_report_jobs_waiting_in_the_fan_out_queue() throws Exception {
        TestFeed feed = TestFeed.random(12, 20, 5);
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        FollowerSource blocking = new FollowerSource() {
            @Override
            public int followers(long authorId, long afterId, long[] out, Deadline deadline) {
                entered.countDown();
                PrewarmTest.await(gate);
                return 0;
            }

            @Override
            public long followerCount(long authorId, long atMost, Deadline deadline) {
                return 1;
            }
        };
        AuthorPostSource posts = (authorId, after, max, out, deadline) -> { };
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).followerSource(blocking)
                .authorPostSource(posts).fanOutPool(1, 10).build()) {
            java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
            feeds.postPublished(1, 1, at);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            feeds.postPublished(2, 1, at);
            feeds.postPublished(3, 1, at);
            assertThat(feeds.timelineStats().queued()).isEqualTo(2);
            gate.countDown();
        }
    }

    private static FeedStats stats(FeedAssembler feeds, FeedRequest request) {
        return feeds.pipeline().assemble(request).stats();
    }

    /**
     * Records span starts, figures, failures and ends, and checks that spans end innermost first on
     * each thread (a pre-warm job runs its spans on its own thread while the page's are open).
     */
    static final class RecordingTracer implements FeedTracer {
        final List<String> events = new CopyOnWriteArrayList<>();
        private final java.util.Map<Thread, Deque<Stage>> open = new java.util.concurrent.ConcurrentHashMap<>();
        volatile int links;

        /** @return the spans started and not ended, on every thread */
        List<Stage> open() {
            return open.values().stream().flatMap(Deque::stream).toList();
        }

        private Deque<Stage> here() {
            return open.computeIfAbsent(Thread.currentThread(), t -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        }

        String figure(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix + "=")).findFirst()
                    .map(e -> e.substring(prefix.length() + 1)).orElse("?");
        }

        @Override
        public Span start(Stage stage) {
            events.add("start " + stage);
            here().push(stage);
            return new Span() {
                @Override
                public void set(Figure figure, long value) {
                    events.add(stage + " " + figure + "=" + value);
                }

                @Override
                public void fail(Throwable error) {
                    events.add("fail " + stage);
                }

                @Override
                public void end() {
                    assertThat(here().pop()).as("spans end innermost first").isEqualTo(stage);
                    events.add("end " + stage);
                }
            };
        }

        @Override
        public Runnable propagate(Runnable task) {
            return task;
        }

        @Override
        public Runnable link(Runnable job) {
            links++;
            return job;
        }
    }
}
