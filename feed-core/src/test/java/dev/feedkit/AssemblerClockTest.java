package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Every time-dependent part of the assembler reads the ticker it was built with. */
final class AssemblerClockTest {
    private final FakeTicker ticker = new FakeTicker();
    private final TestFeed feed = TestFeed.random(41, 10, 5);

    private FeedAssembler.Builder builder() {
        return FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).ticker(ticker);
    }

    @Test
    void cached_entities_are_loaded_again_only_once_the_ticker_passes_their_ttl() {
        try (FeedAssembler feeds = builder().entityTtl(Duration.ofMinutes(1)).relationshipTtl(Duration.ofMinutes(1))
                .negativeTtl(Duration.ofSeconds(5)).build()) {
            feeds.assemble(FeedRequest.of(1));
            ticker.advance(Duration.ofSeconds(53)); // below the 54 s that -10 % jitter allows
            feeds.assemble(FeedRequest.of(1));
            assertThat(feed.storeCalls.get()).as("store calls within the TTL").isEqualTo(1);
            ticker.advance(Duration.ofSeconds(14)); // 67 s: past the 66 s of +10 % jitter
            feeds.assemble(FeedRequest.of(1));
            assertThat(feed.storeCalls.get()).as("store calls after the TTL").isEqualTo(2);
            assertThat(feed.maxLoadsOfAnyKey()).isEqualTo(2);
        }
    }

    @Test
    void kept_candidates_are_reused_until_the_ticker_passes_the_candidate_ttl() {
        try (FeedAssembler feeds = builder().candidateTtl(Duration.ofSeconds(5)).build()) {
            feeds.assemble(FeedRequest.of(1));
            ticker.advance(Duration.ofSeconds(5).minusNanos(1));
            feeds.assemble(FeedRequest.of(1));
            assertThat(feed.sourceCalls.get()).isEqualTo(1);
            ticker.advance(Duration.ofNanos(1));
            feeds.assemble(FeedRequest.of(1));
            assertThat(feed.sourceCalls.get()).isEqualTo(2);
        }
    }

    @Test
    void the_page_deadline_handed_to_the_store_is_on_the_assemblers_ticker() {
        AtomicReference<Deadline> seen = new AtomicReference<>();
        EntityStore store = (keys, sink, deadline) -> {
            seen.set(deadline);
            feed.load(keys, sink, deadline);
        };
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(store).prewarm(false).ticker(ticker)
                .timeout(Duration.ofSeconds(2)).build()) {
            feeds.assemble(FeedRequest.of(1));
        }
        assertThat(seen.get().remainingNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
        ticker.advance(Duration.ofSeconds(2));
        assertThat(seen.get().isExpired()).isTrue();
    }

    @Test
    void step_timings_in_the_stats_are_what_the_ticker_advanced_in_each_step() throws Exception {
        FeedSource slowSource = (viewer, after, max, out, deadline) -> {
            ticker.advance(Duration.ofMillis(2));
            feed.candidates(viewer, after, max, out, deadline);
        };
        EntityStore slowStore = (keys, sink, deadline) -> {
            ticker.advance(Duration.ofMillis(5));
            feed.load(keys, sink, deadline);
        };
        CacheTier slowL2 = new CacheTier() {
            @Override
            public void getAll(EntityKeys keys, Entities hits) {
                ticker.advance(Duration.ofMillis(3));
            }

            @Override
            public void putAll(Entities loaded, int ttlMultiplier) {
            }

            @Override
            public void invalidate(CacheKey key) {
            }
        };
        FeedWriter slowWriter = (page, out) -> ticker.advance(Duration.ofMillis(1));
        List<FeedStats> stats = new ArrayList<>();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(slowSource).store(slowStore).tier(slowL2).cursorKey(TestFeed.CURSOR_KEY)
                .writer(slowWriter).prewarm(false).ticker(ticker).listener(stats::add).build()) {
            feeds.write(FeedRequest.of(1), new ByteArrayOutputStream());
        }
        FeedStats s = stats.get(0);
        assertThat(s.sourceNanos()).isEqualTo(Duration.ofMillis(2).toNanos());
        assertThat(s.l1Nanos()).isZero();
        assertThat(s.l2Nanos()).isEqualTo(Duration.ofMillis(3).toNanos());
        assertThat(s.storeNanos()).isEqualTo(Duration.ofMillis(5).toNanos());
        assertThat(s.filterNanos()).isZero();
        assertThat(s.writeNanos()).isEqualTo(Duration.ofMillis(1).toNanos());
    }

    @Test
    void the_invalidation_log_forgets_on_the_ticker() {
        InvalidationLog log = new InvalidationLog(Duration.ofSeconds(40), ticker);
        long start = log.now();
        log.record(CacheKey.post(7));
        ticker.advance(Duration.ofSeconds(40).minusNanos(1));
        assertThat(log.invalidatedSince(CacheKey.post(7), start)).as("remembered within its memory").isTrue();
        ticker.advance(Duration.ofNanos(1));
        assertThat(log.invalidatedSince(CacheKey.post(7), start)).as("forgotten after its memory").isFalse();
    }

    @Test
    void the_ticker_may_be_set_once() {
        assertThatThrownBy(() -> FeedAssembler.newBuilder().ticker(Ticker.systemTicker()).ticker(ticker))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ticker was already set to ");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().ticker(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("ticker");
    }
}
