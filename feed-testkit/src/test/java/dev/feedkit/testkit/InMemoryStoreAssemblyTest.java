package dev.feedkit.testkit;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.Post;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The assembler over the in-memory store serves exactly the oracle's feed, enriched. */
final class InMemoryStoreAssemblyTest {
    private static final DemoData DATA = FeedStoreContract.standardData();
    private static final FeedOracle ORACLE = new FeedOracle(DATA);

    private final InMemoryFeedStore store = InMemoryFeedStore.of(DATA);
    private final FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).build();

    @AfterEach
    void close() {
        feeds.close();
    }

    private List<FeedItem> walk(long viewer, int limit) {
        return walk(feeds, viewer, limit);
    }

    private static List<FeedItem> walk(FeedAssembler feeds, long viewer, int limit) {
        List<FeedItem> items = new ArrayList<>();
        FeedPage page = feeds.assemble(FeedRequest.newBuilder(viewer).limit(limit).build());
        items.addAll(page.items());
        while (page.hasNextPage()) {
            page = feeds.assemble(FeedRequest.newBuilder(viewer).limit(limit).cursor(page.nextPage()).build());
            items.addAll(page.items());
        }
        return items;
    }

    @Test
    void walking_next_page_serves_the_sample_viewers_whole_feed_with_authors_and_relationships() {
        long viewer = DATA.sampleViewer();
        List<FeedItem> items = walk(viewer, 20);
        List<Post> want = ORACLE.feed(viewer);
        assertThat(items.stream().map(FeedItem::post).toList()).containsExactlyElementsOf(want);
        for (FeedItem item : items) {
            assertThat(item.author()).isEqualTo(ORACLE.user(item.post().authorId()).toAuthor());
            assertThat(item.viewer()).isSameAs(ORACLE.relationship(viewer, item.post().authorId()));
        }
    }

    @Test
    void a_post_deleted_between_pages_is_not_served_on_later_pages() {
        long viewer = DATA.sampleViewer();
        FeedPage page = feeds.assemble(FeedRequest.newBuilder(viewer).limit(10).build());
        List<Post> served = new ArrayList<>(page.items().stream().map(FeedItem::post).toList());
        Post doomed = ORACLE.feed(viewer).get(12);
        store.deletePost(doomed.id(), DemoData.BASE);
        feeds.invalidatePost(doomed.id());
        while (page.hasNextPage()) {
            page = feeds.assemble(FeedRequest.newBuilder(viewer).limit(10).cursor(page.nextPage()).build());
            served.addAll(page.items().stream().map(FeedItem::post).toList());
        }
        // A pre-warmed next page may come one item short: the deleted post is filtered, not replaced.
        List<Post> want = ORACLE.feed(viewer).stream().filter(p -> p.id() != doomed.id()).toList();
        assertThat(served).containsExactlyElementsOf(want);
    }

    @Test
    void without_timelines_muted_and_unmuted_reach_cached_relationships_at_once() {
        // Without pre-warm: a pre-warm still loading the next page when unmuted() runs may hand the
        // walk that follows the relationship it read before (single flight), as with unblocked().
        FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).timelines(false).prewarm(false)
                .build();
        try {
            mutesAndUnmutes(feeds, false);
        } finally {
            feeds.close();
        }
    }

    @Test
    void with_timelines_a_mute_applies_at_once_and_an_unmute_once_the_timeline_is_rebuilt() {
        FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).timelines(true).prewarm(false)
                .build();
        try {
            mutesAndUnmutes(feeds, true);
        } finally {
            feeds.close();
        }
    }

    private void mutesAndUnmutes(FeedAssembler feeds, boolean awaitTimelines) {
        long viewer = DATA.sampleViewer();
        long author = ORACLE.feed(viewer).stream().mapToLong(Post::authorId).filter(a -> a != viewer)
                .findFirst().orElseThrow();
        assertThat(walk(feeds, viewer, 20)).anyMatch(i -> i.post().authorId() == author);
        store.mute(viewer, author);
        feeds.muted(viewer, author);
        List<FeedItem> muted = walk(feeds, viewer, 20);
        assertThat(muted).noneMatch(i -> i.post().authorId() == author);
        assertThat(muted.stream().map(FeedItem::post).toList())
                .containsExactlyElementsOf(ORACLE.feed(viewer).stream().filter(p -> p.authorId() != author).toList());
        store.unmute(viewer, author);
        feeds.unmuted(viewer, author);
        if (awaitTimelines) {
            awaitIdle(feeds);   // unmuted() drops the muter's timeline on the fan-out pool
        }
        assertThat(walk(feeds, viewer, 20).stream().map(FeedItem::post).toList())
                .containsExactlyElementsOf(ORACLE.feed(viewer));
    }

    @Test
    void a_mute_the_store_already_applies_is_still_applied_at_read_time_to_cached_candidates() {
        FeedAssembler cached = FeedAssembler.newBuilder().source(store).store(store)
                .candidateTtl(java.time.Duration.ofMinutes(5)).build();
        try {
            long viewer = DATA.sampleViewer();
            FeedPage first = cached.assemble(FeedRequest.newBuilder(viewer).limit(20).build());
            long author = first.items().stream().mapToLong(i -> i.post().authorId()).filter(a -> a != viewer)
                    .findFirst().orElseThrow();
            store.mute(viewer, author);
            cached.invalidateRelationship(viewer, author);   // the relationship only, not the kept candidates
            FeedPage again = cached.assemble(FeedRequest.newBuilder(viewer).limit(20).build());
            assertThat(again.items()).noneMatch(i -> i.post().authorId() == author);
        } finally {
            cached.close();
        }
    }

    private static void awaitIdle(FeedAssembler feeds) {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!feeds.timelinesIdle()) {
            assertThat(System.nanoTime()).as("the timeline write path finishes").isLessThan(end);
            Thread.onSpinWait();
        }
    }

    @Test
    void an_unknown_viewer_gets_an_empty_last_page() {
        FeedPage page = feeds.assemble(FeedRequest.of(ORACLE.unknownUserIds().get(1)));
        assertThat(page.items()).isEmpty();
        assertThat(page.hasNextPage()).isFalse();
    }
}
