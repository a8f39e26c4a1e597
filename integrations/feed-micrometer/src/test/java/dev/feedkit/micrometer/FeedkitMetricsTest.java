package dev.feedkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.Deadline;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedListener;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedStats;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.FakeTicker;
import dev.feedkit.testkit.InMemoryFeedStore;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The meters, read from a SimpleMeterRegistry after real page loads on the in-memory store. */
final class FeedkitMetricsTest {
    private static final DemoData DATA = DemoData.newBuilder().users(300).posts(6_000).meanFollows(30).seed(7).build();
    private static final byte[] CURSOR_KEY = "feed-micrometer-test-cursor-key!".getBytes(StandardCharsets.UTF_8);

    @Test
    void l1_follows_the_cache_conventions_and_each_stage_has_a_timer() throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FeedkitMetrics metrics = FeedkitMetrics.create(registry, Tags.of("feed", "home"));
        Recorder pages = new Recorder();
        InMemoryFeedStore store = InMemoryFeedStore.of(DATA);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).prewarm(false)
                .timelines(false).writer((page, out) -> out.write('x')).listener(metrics).listener(pages)
                .cursorKey(CURSOR_KEY).build()) {
            metrics.monitor(feeds);
            long viewer = DATA.sampleViewer();
            FeedPage first = feeds.assemble(FeedRequest.newBuilder(viewer).limit(20).seed(1).build());
            feeds.assemble(FeedRequest.newBuilder(viewer).limit(20).seed(1).build());
            feeds.write(FeedRequest.newBuilder(viewer).limit(20).cursor(first.nextPage()).build(),
                    new ByteArrayOutputStream());

            long hits = pages.sum(FeedStats::l1Hits);
            long loaded = pages.sum(s -> s.l2Hits() + s.storeKeys() + s.coalescedKeys());
            assertThat(hits).as("the second page was warm").isPositive();
            Tags l1 = Tags.of("feed", "home", "cache", "feedkit.l1");
            assertThat(registry.get("cache.gets").tags(l1).tag("result", "hit").functionCounter().count())
                    .isEqualTo(hits);
            assertThat(registry.get("cache.gets").tags(l1).tag("result", "miss").functionCounter().count())
                    .isEqualTo(loaded);
            assertThat(registry.get("cache.puts").tags(l1).functionCounter().count()).isEqualTo(loaded);
            assertThat(registry.get("cache.size").tags(l1).gauge().value()).isEqualTo(loaded);
            assertThat(registry.get("cache.evictions").tags(l1).functionCounter().count()).isZero();
            assertThat(registry.get("feedkit.l1.weight").tags(l1).gauge().value()).isGreaterThanOrEqualTo(0);

            for (String stage : List.of("source", "l1", "l2", "store", "filter")) {
                assertThat(timer(registry, stage).count()).as(stage).isEqualTo(3);
            }
            assertThat(timer(registry, "write").count()).as("only the written page").isEqualTo(1);
            assertThat((long) timer(registry, "store").totalTime(TimeUnit.NANOSECONDS))
                    .isEqualTo(pages.sum(FeedStats::storeNanos));
            assertThat((long) timer(registry, "source").totalTime(TimeUnit.NANOSECONDS))
                    .isEqualTo(pages.sum(FeedStats::sourceNanos));
        }
    }

    @Test
    void prewarm_counts_jobs_and_whether_each_prewarmed_page_was_used_or_wasted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FeedkitMetrics metrics = FeedkitMetrics.create(registry);
        FakeTicker ticker = new FakeTicker();
        Semaphore prewarmed = new Semaphore(0);
        InMemoryFeedStore store = InMemoryFeedStore.of(DATA);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).timelines(false)
                .ticker(ticker).listener(metrics).listener(onPrewarmed(prewarmed)).cursorKey(CURSOR_KEY).build()) {
            metrics.monitor(feeds);
            long viewer = DATA.sampleViewer();
            FeedPage first = feeds.assemble(FeedRequest.newBuilder(viewer).limit(10).seed(1).build());
            assertThat(prewarmed.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            FeedPage second = feeds.assemble(FeedRequest.newBuilder(viewer).limit(10).cursor(first.nextPage()).build());
            assertThat(prewarmed.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            ticker.advance(Duration.ofMinutes(5)); // past the pre-warmed page's lifetime
            feeds.assemble(FeedRequest.newBuilder(viewer).limit(10).cursor(second.nextPage()).build());
            assertThat(prewarmed.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

            assertThat(registry.get("feedkit.prewarm.pages").tag("result", "used").counter().count()).isEqualTo(1);
            assertThat(registry.get("feedkit.prewarm.pages").tag("result", "wasted").counter().count()).isEqualTo(1);
            assertThat(registry.get("feedkit.prewarm.submitted").functionCounter().count()).isEqualTo(3);
            assertThat(registry.get("feedkit.prewarm.completed").functionCounter().count()).isEqualTo(3);
            assertThat(registry.get("feedkit.prewarm.dropped").functionCounter().count()).isZero();
            assertThat(registry.get("feedkit.prewarm.ttl.multiplier").gauge().value()).isEqualTo(1);
        }
    }

    @Test
    void the_store_breaker_state_and_stale_pages_are_reported() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FeedkitMetrics metrics = FeedkitMetrics.create(registry);
        InMemoryFeedStore memory = InMemoryFeedStore.of(DATA);
        AtomicBoolean down = new AtomicBoolean();
        EntityStore store = new EntityStore() {
            @Override
            public void load(EntityKeys keys, Entities into, Deadline deadline) {
                if (down.get()) {
                    throw new FeedUnavailableException("database down", null);
                }
                memory.load(keys, into, deadline);
            }
        };
        dev.feedkit.FeedSource source = (viewerId, after, max, out, deadline) -> {
            if (down.get()) {
                throw new FeedUnavailableException("database down", null);
            }
            memory.candidates(viewerId, after, max, out, deadline);
        };
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(source).store(store).prewarm(false)
                .timelines(false).storeCircuitBreaker(1, Duration.ofMinutes(1)).listener(metrics)
                .cursorKey(CURSOR_KEY).build()) {
            metrics.monitor(feeds);
            FeedRequest request = FeedRequest.newBuilder(DATA.sampleViewer()).limit(10).seed(1).build();
            feeds.assemble(request);
            assertThat(registry.get("feedkit.circuit.open").tag("circuit", "store").gauge().value()).isZero();

            down.set(true);
            FeedPage stale = feeds.assemble(request); // candidates from the last-seen copy, entities from L1
            assertThat(stale.items()).isNotEmpty();
            assertThat(registry.get("feedkit.pages.stale").counter().count()).isEqualTo(1);
            assertThat(registry.get("feedkit.circuit.open").tag("circuit", "store").gauge().value()).isEqualTo(1);
            assertThat(registry.get("feedkit.circuit.opened").tag("circuit", "store").functionCounter().count())
                    .isEqualTo(1);
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.newBuilder(DATA.sampleViewer() + 1).limit(10).build()))
                    .isInstanceOf(FeedUnavailableException.class);
            assertThat(registry.get("feedkit.circuit.rejected").tag("circuit", "store").functionCounter().count())
                    .isPositive();
        }
    }

    @Test
    void fan_out_jobs_and_queue_depth_are_reported() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FeedkitMetrics metrics = FeedkitMetrics.create(registry);
        InMemoryFeedStore store = InMemoryFeedStore.of(DATA);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).prewarm(false)
                .timelines(true).listener(metrics).cursorKey(CURSOR_KEY).build()) {
            metrics.monitor(feeds);
            DemoData.User author = DATA.users().get(1);
            for (int i = 0; i < 3; i++) {
                long postId = 10_000_000L + i;
                Instant at = Instant.parse("2026-11-30T00:00:00Z").plusSeconds(i);
                store.addPost(new dev.feedkit.Post(postId, author.id(), "new " + i, at, null, 0, 0, List.of(),
                        List.of()));
                feeds.postPublished(postId, author.id(), at);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!feeds.timelinesIdle() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(registry.get("feedkit.fanout.jobs").functionCounter().count()).isEqualTo(3);
            assertThat(registry.get("feedkit.fanout.queue.depth").gauge().value()).isZero();
            assertThat(registry.get("feedkit.fanout.retry.pending").gauge().value()).isZero();
            assertThat(registry.get("feedkit.fanout.queue.full").functionCounter().count()).isZero();
            assertThat(registry.get("feedkit.fanout.lost").functionCounter().count()).isZero();
        }
    }

    private static Timer timer(SimpleMeterRegistry registry, String stage) {
        return registry.get("feedkit.page").tag("stage", stage).timer();
    }

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

    /** Keeps every page's figures. */
    static final class Recorder implements FeedListener {
        final List<FeedStats> pages = new CopyOnWriteArrayList<>();

        @Override
        public void onPage(FeedStats stats) {
            pages.add(stats);
        }

        long sum(java.util.function.ToLongFunction<FeedStats> f) {
            return pages.stream().mapToLong(f).sum();
        }
    }
}
