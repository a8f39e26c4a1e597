package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class StaleCandidatesTest {
    private static final FeedUnavailableException DOWN = new FeedUnavailableException("source is down", null);

    @Test
    void a_viewer_seen_before_gets_its_last_page_marked_stale_while_the_source_fails() {
        TestFeed feed = TestFeed.random(41, 12, 6);
        List<FeedStats> stats = new ArrayList<>();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false)
                .listener(stats::add).build()) {
            FeedPage fresh = feeds.assemble(FeedRequest.of(1));
            FeedPage second = feeds.assemble(FeedRequest.newBuilder(1).cursor(fresh.nextPage()).build());
            feed.failSource = DOWN;

            FeedPage stale = feeds.assemble(FeedRequest.newBuilder(1).seed(fresh.seed()).build());
            FeedPage staleSecond = feeds.assemble(FeedRequest.newBuilder(1).cursor(fresh.nextPage()).build());

            assertThat(ids(stale)).isEqualTo(ids(fresh)).isNotEmpty();
            assertThat(stale.nextPage()).isEqualTo(fresh.nextPage());
            assertThat(ids(staleSecond)).isEqualTo(ids(second));
            assertThat(stats).extracting(FeedStats::staleCandidates).containsExactly(false, false, true, true);
        }
    }

    @Test
    void a_viewer_never_seen_fails_with_the_sources_exception() {
        TestFeed feed = TestFeed.random(42, 12, 6);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).build()) {
            feeds.assemble(FeedRequest.of(1));
            feed.failSource = DOWN;
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(2))).isSameAs(DOWN);
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.newBuilder(1).limit(7).build())).isSameAs(DOWN);
        }
    }

    @Test
    void the_last_seen_copy_expires_after_its_ttl() {
        TestFeed feed = TestFeed.random(43, 12, 6);
        FakeTicker ticker = new FakeTicker();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).ticker(ticker)
                .staleCandidates(Duration.ofSeconds(30), 1 << 20).entityTtl(Duration.ofMinutes(10))
                .relationshipTtl(Duration.ofMinutes(10)).build()) {
            feeds.assemble(FeedRequest.of(1));
            feed.failSource = DOWN;
            ticker.advance(Duration.ofSeconds(29));
            assertThat(feeds.assemble(FeedRequest.of(1)).items()).isNotEmpty();
            ticker.advance(Duration.ofSeconds(2));
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(1))).isSameAs(DOWN);
        }
    }

    @Test
    void turned_off_every_failure_surfaces() {
        TestFeed feed = TestFeed.random(44, 12, 6);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false)
                .staleCandidates(Duration.ZERO, 1 << 20).build()) {
            feeds.assemble(FeedRequest.of(1));
            feed.failSource = DOWN;
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(1))).isSameAs(DOWN);
        }
    }

    @Test
    void a_stale_page_still_needs_its_entities_from_the_caches_or_the_store() {
        TestFeed feed = TestFeed.random(45, 12, 6);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).build()) {
            FeedPage fresh = feeds.assemble(FeedRequest.of(1));
            feed.failSource = DOWN;
            feed.failLoads = DOWN;
            int calls = feed.storeCalls.get();
            assertThat(ids(feeds.assemble(FeedRequest.newBuilder(1).seed(fresh.seed()).build()))).isEqualTo(ids(fresh));
            assertThat(feed.storeCalls.get()).as("cached entities need no store call").isEqualTo(calls);
            Post top = fresh.items().get(0).post();
            feeds.invalidatePost(top.id());
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(1))).isSameAs(DOWN);
        }
    }

    @Test
    void the_last_seen_pages_are_bounded_by_bytes() {
        TestFeed feed = TestFeed.random(46, 40, 6);
        FakeTicker ticker = new FakeTicker();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).ticker(ticker)
                .staleCandidates(Duration.ofMinutes(1), 64 << 10).build()) {
            for (long viewer = 1; viewer <= 40; viewer++) {
                for (int limit = 1; limit <= 100; limit += 9) {
                    feeds.assemble(FeedRequest.newBuilder(viewer).limit(limit).build());
                }
            }
            assertThat(feeds.pipeline().lastSeenBytes(true)).isBetween(1L, 64L << 10);
        }
    }

    @Test
    void the_setting_names_its_bounds() {
        assertThatThrownBy(() -> FeedAssembler.newBuilder().staleCandidates(Duration.ofHours(2), 1 << 20))
                .hasMessage("staleCandidates ttl must be between 0 and 1 hour, was PT2H");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().staleCandidates(Duration.ofMinutes(1), 1000))
                .hasMessage("staleCandidates maximumBytes must be between 65536 and 1099511627776, was 1000");
    }

    private static List<Long> ids(FeedPage page) {
        List<Long> ids = new ArrayList<>();
        page.items().forEach(i -> ids.add(i.post().id()));
        return ids;
    }
}
