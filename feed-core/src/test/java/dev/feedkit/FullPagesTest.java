package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Pages stay full when read-time filtering drops candidates, and walks stay exact (CONTRACT.md, Paging). */
final class FullPagesTest {

    /**
     * A source that is stale in the worst way: it ignores deletions and blocks, so the pipeline's
     * read-time filter drops many of its candidates.
     */
    private static FeedSource leaky(TestFeed feed) {
        return (viewer, after, max, out, deadline) -> {
            List<Post> all = new ArrayList<>();
            for (Post p : feed.posts.values()) {
                if ((p.authorId() == viewer || feed.follows(viewer, p.authorId()))
                        && after.precedes(p.createdAtMicros(), p.id())) {
                    all.add(p);
                }
            }
            all.sort(Comparator.comparingLong(Post::createdAtMicros).thenComparingLong(Post::id).reversed());
            for (Post p : all.subList(0, Math.min(max, all.size()))) {
                out.add(p.id(), p.authorId(), p.createdAtMicros());
            }
        };
    }

    /** A feed where a third of each viewer's candidates are deleted or by an author it blocks. */
    private static TestFeed hiddenThird() {
        TestFeed feed = TestFeed.random(41, 12, 40);
        for (Post p : List.copyOf(feed.posts.values())) {
            if (p.id() % 3 == 0 && !p.deleted()) {
                feed.posts.put(p.id(), new Post(p.id(), p.authorId(), p.body(), p.createdAt(),
                        p.createdAt().plusSeconds(1), 0, 0, p.media(), p.tags()));
            }
        }
        return feed;
    }

    private record Walk(List<List<Long>> pages, List<FeedStats> stats) {
        List<Long> ids() {
            return pages.stream().flatMap(List::stream).toList();
        }
    }

    private static Walk walk(FeedAssembler feeds, List<FeedStats> stats, long viewer, int limit) {
        List<List<Long>> pages = new ArrayList<>();
        stats.clear();
        FeedPage page = feeds.assemble(FeedRequest.newBuilder(viewer).limit(limit).build());
        for (int i = 0; i < 10_000; i++) {
            pages.add(page.items().stream().map(it -> it.post().id()).toList());
            if (page.nextPage() == null) {
                return new Walk(pages, List.copyOf(stats));
            }
            page = feeds.assemble(FeedRequest.newBuilder(viewer).limit(limit).cursor(page.nextPage()).build());
        }
        throw new AssertionError("walk did not end");
    }

    private static List<Long> ids(List<Post> posts) {
        return posts.stream().map(Post::id).toList();
    }

    @Test
    void pages_hold_limit_items_until_the_feed_ends_when_filtering_drops_candidates() {
        TestFeed feed = hiddenThird();
        List<FeedStats> stats = new CopyOnWriteArrayList<>();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(leaky(feed)).store(feed).prewarm(false)
                .listener(stats::add).build()) {
            for (long viewer = 1; viewer <= 12; viewer++) {
                for (int limit : new int[] {1, 5, 20}) {
                    Walk w = walk(feeds, stats, viewer, limit);
                    assertThat(w.ids()).as("walk of viewer %d by %d", viewer, limit)
                            .containsExactlyElementsOf(ids(feed.feed(viewer)));
                    for (int i = 0; i + 1 < w.pages().size(); i++) {
                        if (w.stats().get(i).extraRounds() < 3) {
                            assertThat(w.pages().get(i)).as("page %d of viewer %d, with rounds left", i, viewer)
                                    .hasSize(limit);
                        }
                    }
                    if (limit > 1) {
                        assertThat(w.pages().subList(0, w.pages().size() - 1)).allMatch(p -> p.size() == limit);
                    }
                }
            }
            assertThat(stats).anyMatch(st -> st.extraRounds() > 0);
            assertThat(stats).allMatch(st -> st.extraRounds() <= 3);
        }
    }

    @Test
    void without_extra_rounds_pages_may_be_short_and_the_walk_is_still_exact() {
        TestFeed feed = hiddenThird();
        List<FeedStats> stats = new CopyOnWriteArrayList<>();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(leaky(feed)).store(feed).prewarm(false)
                .maxExtraRounds(0).listener(stats::add).build()) {
            Walk w = walk(feeds, stats, 1, 10);
            assertThat(w.ids()).containsExactlyElementsOf(ids(feed.feed(1)));
            assertThat(w.pages()).anyMatch(p -> p.size() < 10);
            assertThat(stats).allMatch(st -> st.extraRounds() == 0);
        }
    }

    @Test
    void a_run_of_hidden_candidates_longer_than_the_rounds_gives_a_short_page_that_continues_after_it() {
        TestFeed feed = TestFeed.random(43, 6, 60);
        long viewer = 1;
        List<Post> visible = feed.feed(viewer);
        // Hide the 30 newest visible posts: with pages of 5 and 2 extra rounds, the first page sees 15.
        for (Post p : visible.subList(0, 30)) {
            feed.posts.put(p.id(), new Post(p.id(), p.authorId(), p.body(), p.createdAt(), p.createdAt(), 0, 0,
                    p.media(), p.tags()));
        }
        List<FeedStats> stats = new CopyOnWriteArrayList<>();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(leaky(feed)).store(feed).prewarm(false)
                .maxExtraRounds(2).listener(stats::add).build()) {
            Walk w = walk(feeds, stats, viewer, 5);
            assertThat(w.pages().get(0)).isEmpty();
            assertThat(stats.get(0).extraRounds()).isEqualTo(2);
            assertThat(stats.get(0).candidates()).isEqualTo(18);
            assertThat(w.ids()).containsExactlyElementsOf(ids(visible.subList(30, visible.size())));
        }
    }

    @Test
    void a_source_that_filters_itself_needs_no_extra_round() {
        TestFeed feed = hiddenThird();
        List<FeedStats> stats = new CopyOnWriteArrayList<>();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false)
                .listener(stats::add).build()) {
            Walk w = walk(feeds, stats, 2, 7);
            assertThat(w.ids()).containsExactlyElementsOf(ids(feed.feed(2)));
            assertThat(stats).allMatch(st -> st.extraRounds() == 0);
        }
    }

    @Test
    void an_extra_round_that_fails_ends_the_page_short_instead_of_failing_it() {
        TestFeed feed = hiddenThird();
        FeedSource leaky = leaky(feed);
        int[] calls = {0};
        FeedSource failsSecond = (viewer, after, max, out, deadline) -> {
            if (++calls[0] % 2 == 0) {
                throw new FeedUnavailableException("down", null);
            }
            leaky.candidates(viewer, after, max, out, deadline);
        };
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(failsSecond).store(feed).prewarm(false)
                .staleCandidates(java.time.Duration.ZERO, 1 << 20).storeCircuitBreaker(1000, java.time.Duration.ofSeconds(1))
                .build()) {
            FeedPage first = feeds.assemble(FeedRequest.newBuilder(1).limit(20).build());
            assertThat(first.items()).hasSizeLessThan(20);
            assertThat(first.nextPage()).isNotNull();
            List<Long> shown = first.items().stream().map(i -> i.post().id()).toList();
            assertThat(shown).containsExactlyElementsOf(ids(feed.feed(1)).subList(0, shown.size()));
        }
    }
}
