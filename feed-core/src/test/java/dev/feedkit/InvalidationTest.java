package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class InvalidationTest {

    @Test
    void invalidating_a_post_serves_its_new_state_on_the_next_page() {
        TestFeed feed = TestFeed.random(21, 10, 5);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).build()) {
            Post p = feeds.assemble(FeedRequest.of(1)).items().get(0).post();
            feed.posts.put(p.id(), withBody(p, "edited"));
            assertThat(feeds.assemble(FeedRequest.of(1)).items().get(0).post().body()).isEqualTo(p.body());
            feeds.invalidatePost(p.id());
            assertThat(feeds.assemble(FeedRequest.of(1)).items().get(0).post().body()).isEqualTo("edited");
        }
    }

    @Test
    void a_load_that_started_before_an_invalidation_does_not_cache_its_stale_value() throws Exception {
        TestFeed feed = TestFeed.random(22, 10, 5);
        long viewer = 1;
        Post target = feed.feed(viewer).get(0);
        CountDownLatch gate = new CountDownLatch(1);
        feed.loadGate = gate;
        feed.loadEntered = new CountDownLatch(1);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).build()) {
            CompletableFuture<FeedPage> slow = CompletableFuture.supplyAsync(() -> feeds.assemble(FeedRequest.of(viewer)));
            assertThat(feed.loadEntered.await(5, TimeUnit.SECONDS)).isTrue();
            // The slow load has read nothing yet in TestFeed terms, so make it read the old value:
            // swap the gate order by capturing the old post, then change and invalidate.
            Post old = feed.posts.get(target.id());
            feed.posts.put(target.id(), withBody(old, "new"));
            feeds.invalidatePost(target.id());
            feed.posts.put(target.id(), old);   // the in-flight load reads the stale copy
            gate.countDown();
            assertThat(slow.get(5, TimeUnit.SECONDS).items().get(0).post().body()).isEqualTo(old.body());
            feed.posts.put(target.id(), withBody(old, "new"));
            feed.loadGate = null;
            assertThat(feeds.assemble(FeedRequest.of(viewer)).items().get(0).post().body())
                    .as("the stale value must not have been cached").isEqualTo("new");
        }
    }

    @Test
    void invalidating_a_relationship_shows_a_new_block_at_once() {
        TestFeed feed = TestFeed.random(23, 10, 5);
        long viewer = 1;
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).build()) {
            FeedItem first = feeds.assemble(FeedRequest.of(viewer)).items().stream()
                    .filter(i -> i.author().id() != viewer).findFirst().orElseThrow();
            long author = first.author().id();
            feed.blocks.add(TestFeed.pair(author, viewer));
            feeds.invalidateRelationship(viewer, author);
            List<FeedItem> items = feeds.assemble(FeedRequest.of(viewer)).items();
            assertThat(items).noneMatch(i -> i.author().id() == author);
        }
    }

    @Test
    void a_peer_invalidation_during_an_l2_read_keeps_the_l2_value_out_of_l1() {
        TestFeed feed = TestFeed.random(24, 10, 5);
        long viewer = 1;
        Post target = feed.feed(viewer).get(0);
        FeedAssembler[] self = new FeedAssembler[1];
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        CacheTier l2 = new CacheTier() {
            @Override
            public void getAll(EntityKeys keys, Entities hits) {
                if (keys.indexOf(EntityKind.POST, target.id()) >= 0) {
                    reads.incrementAndGet();
                    hits.post(target);
                    self[0].invalidatePost(target.id()); // as if a peer's message arrived now
                }
            }

            @Override
            public void putAll(Entities loaded, int ttlMultiplier) {
            }

            @Override
            public void invalidate(CacheKey key) {
            }
        };
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).tier(l2).cursorKey(TestFeed.CURSOR_KEY).prewarm(false).build()) {
            self[0] = feeds;
            feeds.assemble(FeedRequest.of(viewer));
            feeds.assemble(FeedRequest.of(viewer));
        }
        assertThat(reads.get()).as("the second page must read the post below L1 again").isEqualTo(2);
    }

    static Post withBody(Post p, String body) {
        return new Post(p.id(), p.authorId(), body, p.createdAt(), p.deletedAt(), p.likeCount(), p.replyCount(),
                p.media(), p.tags());
    }
}
