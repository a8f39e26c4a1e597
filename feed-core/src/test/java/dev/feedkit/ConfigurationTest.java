package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class ConfigurationTest {

    @Test
    void a_limit_out_of_range_is_an_invalid_request_that_names_the_value() {
        assertThatThrownBy(() -> FeedRequest.newBuilder(1).limit(500))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("limit must be between 1 and 100, was 500")
                .extracting(e -> ((InvalidRequestException) e).code()).isEqualTo("invalid_limit");
        assertThatThrownBy(() -> FeedRequest.newBuilder(1).limit(0)).hasMessage("limit must be between 1 and 100, was 0");
    }

    @Test
    void a_non_positive_viewer_is_an_invalid_request() {
        assertThatThrownBy(() -> FeedRequest.of(0)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("viewer must be a positive id, was 0");
    }

    @Test
    void the_builder_requires_a_source_and_a_store_and_names_the_setting() {
        assertThatThrownBy(() -> FeedAssembler.newBuilder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("source is required; set FeedAssembler.Builder.source(..)");
    }

    @Test
    void settings_are_checked_when_set() {
        assertThatThrownBy(() -> FeedAssembler.newBuilder().l1MaximumWeight(10))
                .hasMessage("l1MaximumWeight must be at least 1048576 bytes, was 10");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().prewarmPool(0, 10))
                .hasMessage("prewarm threads must be between 1 and 64, was 0");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().entityTtl(Duration.ZERO))
                .hasMessage("entityTtl must be positive, was PT0S");
        TestFeed f = new TestFeed();
        assertThatThrownBy(() -> FeedAssembler.newBuilder().source(f).store(f).entityTtl(Duration.ofSeconds(1))
                .negativeTtl(Duration.ofSeconds(2)).build())
                .hasMessage("negativeTtl (PT2S) must not exceed entityTtl (PT1S)");
    }

    @Test
    void a_setting_set_twice_is_an_error_that_names_the_value_already_set() {
        assertThatThrownBy(() -> FeedAssembler.newBuilder().entityTtl(Duration.ofMinutes(1)).entityTtl(Duration.ofMinutes(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("entityTtl was already set to PT1M");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().prewarmPool(2, 10).prewarmPool(3, 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("prewarmPool was already set to 2 threads, queue 10");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().prewarm(false).prewarm(true))
                .hasMessage("prewarm was already set to false");
        TestFeed f = new TestFeed();
        assertThatThrownBy(() -> FeedAssembler.newBuilder().source(f).source(f))
                .hasMessageStartingWith("source was already set to ");
    }

    @Test
    void the_same_tier_or_listener_added_twice_is_an_error() {
        CacheTier tier = new CacheTier() {
            @Override
            public void getAll(EntityKeys keys, Entities hits) {
            }

            @Override
            public void putAll(Entities loaded, int ttlMultiplier) {
            }

            @Override
            public void invalidate(CacheKey key) {
            }

            @Override
            public String toString() {
                return "L2";
            }
        };
        assertThatThrownBy(() -> FeedAssembler.newBuilder().tier(tier).tier(tier))
                .isInstanceOf(IllegalStateException.class).hasMessage("tier L2 was already added");
        FeedListener listener = stats -> { };
        assertThatThrownBy(() -> FeedAssembler.newBuilder().listener(listener).listener(listener))
                .isInstanceOf(IllegalStateException.class).hasMessageEndingWith(" was already added");
    }

    @Test
    void a_builder_changed_after_build_does_not_change_the_assembler() {
        TestFeed f = TestFeed.random(3, 10, 10);
        FeedAssembler.Builder b = FeedAssembler.newBuilder().source(f).store(f).prewarm(false);
        try (FeedAssembler feeds = b.build()) {
            b.listener(stats -> {
                throw new AssertionError("a listener added after build() was called");
            });
            assertThat(feeds.assemble(FeedRequest.of(1)).items()).isNotNull();
        }
    }

    @Test
    void timeline_settings_are_checked_when_set() {
        assertThatThrownBy(() -> FeedAssembler.newBuilder().timelineCapacity(0))
                .hasMessage("timelineCapacity must be between 1 and " + TimelineStore.MAX_CAPACITY + ", was 0");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().pullThreshold(0))
                .hasMessage("pullThreshold must be at least 1, was 0");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().fanOutPool(0, 10))
                .hasMessage("fan-out threads must be between 1 and 64, was 0");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().timelineCapacity(10).timelineCapacity(20))
                .hasMessage("timelineCapacity was already set to 10");
    }

    @Test
    void timelines_asked_for_without_followers_name_the_settings_to_set() {
        TestFeed f = new TestFeed(); // implements neither FollowerSource nor AuthorPostSource
        assertThatThrownBy(() -> FeedAssembler.newBuilder().source(f).store(f).timelines(true).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("timelines need a FollowerSource and an AuthorPostSource; set "
                        + "FeedAssembler.Builder.followerSource(..) and authorPostSource(..), or timelines(false)");
    }

    @Test
    void a_timeline_capacity_that_disagrees_with_the_store_is_refused() {
        TestFeed f = new TestFeed();
        FollowerSource followers = new FollowerSource() {
            @Override
            public int followers(long authorId, long afterId, long[] out, Deadline deadline) {
                return 0;
            }

            @Override
            public long followerCount(long authorId, long atMost, Deadline deadline) {
                return 0;
            }
        };
        assertThatThrownBy(() -> FeedAssembler.newBuilder().source(f).store(f).followerSource(followers)
                .authorPostSource((author, after, max, out, deadline) -> { })
                .timelineStore(TimelineStore.inMemory(100)).timelineCapacity(50).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("timelineCapacity (50) differs from the timeline store's capacity (100); set one of them");
    }

    @Test
    void a_seed_that_disagrees_with_the_cursor_is_rejected() {
        TestFeed f = TestFeed.random(3, 10, 10);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(f).store(f).prewarm(false).build()) {
            FeedPage p = feeds.assemble(FeedRequest.newBuilder(1).limit(1).seed(5).build());
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.newBuilder(1).cursor(p.nextPage()).seed(6).build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("seed 6 does not match the cursor's seed 5");
        }
    }
}
