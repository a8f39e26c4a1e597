package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class CandidateTtlTest {

    @Test
    void without_a_candidate_ttl_every_first_page_asks_the_source() {
        TestFeed feed = TestFeed.random(31, 10, 5);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).build()) {
            feeds.assemble(FeedRequest.of(1));
            feeds.assemble(FeedRequest.of(1));
        }
        assertThat(feed.sourceCalls.get()).isEqualTo(2);
    }

    @Test
    void with_a_candidate_ttl_a_repeated_page_reuses_the_candidates_but_not_deleted_posts() {
        TestFeed feed = TestFeed.random(32, 10, 5);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false)
                .candidateTtl(Duration.ofMinutes(1)).build()) {
            FeedPage first = feeds.assemble(FeedRequest.of(1));
            Post top = first.items().get(0).post();
            feed.posts.put(top.id(), new Post(top.id(), top.authorId(), top.body(), top.createdAt(), top.createdAt(),
                    0, 0, top.media(), top.tags()));
            feeds.invalidatePost(top.id());
            FeedPage again = feeds.assemble(FeedRequest.of(1));
            assertThat(feed.sourceCalls.get()).isEqualTo(1);
            assertThat(again.items()).hasSize(first.items().size() - 1).noneMatch(i -> i.post().id() == top.id());
        }
    }

    @Test
    void a_relationship_invalidation_drops_the_viewers_kept_pages() {
        TestFeed feed = TestFeed.random(33, 10, 5);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false)
                .candidateTtl(Duration.ofMinutes(1)).build()) {
            feeds.assemble(FeedRequest.of(1));
            feeds.invalidateRelationship(1, 2);
            feeds.assemble(FeedRequest.of(1));
        }
        assertThat(feed.sourceCalls.get()).isEqualTo(2);
    }

    @Test
    void the_candidate_ttl_is_bounded() {
        assertThatThrownBy(() -> FeedAssembler.newBuilder().candidateTtl(Duration.ofHours(1)))
                .hasMessage("candidateTtl must be between 0 and 10 minutes, was PT1H");
    }
}
