package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Ranked walks (CONTRACT.md, Ordering and Paging): the window in ranked order once, then the rest chronologically. */
final class RankedFeedTest {
    private static final int WINDOW = 40;

    private static FeedAssembler.Builder builder(TestFeed feed) {
        return FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).rankedWindow(WINDOW)
                .cursorKey(TestFeed.CURSOR_KEY);
    }

    private static FeedRequest.Builder ranked(long viewer, int limit) {
        return FeedRequest.newBuilder(viewer).limit(limit).mode(FeedRequest.Mode.RANKED);
    }

    /** Walks from a first page; {@code between} runs before each next page. */
    private static List<Long> walk(List<FeedAssembler> instances, FeedRequest first, Runnable between) {
        List<Long> ids = new ArrayList<>();
        FeedPage page = instances.get(0).assemble(first);
        for (int i = 1; i < 10_000; i++) {
            page.items().forEach(it -> ids.add(it.post().id()));
            if (page.nextPage() == null) {
                return ids;
            }
            between.run();
            page = instances.get(i % instances.size()).assemble(FeedRequest.newBuilder(first.viewerId())
                    .limit(first.limit()).cursor(page.nextPage()).build());
        }
        throw new AssertionError("walk did not end");
    }

    private static List<Long> ids(List<Post> posts) {
        return posts.stream().map(Post::id).toList();
    }

    @Test
    void a_ranked_walk_yields_the_window_once_then_the_rest_of_the_feed_in_order() {
        TestFeed feed = TestFeed.random(51, 10, 30);
        long viewer = 1;
        List<Long> want = ids(feed.feed(viewer));
        assertThat(want).hasSizeGreaterThan(2 * WINDOW);
        try (FeedAssembler feeds = builder(feed).build()) {
            List<Long> got = walk(List.of(feeds), ranked(viewer, 7).seed(3).build(), () -> { });
            assertThat(got).hasSameSizeAs(want).doesNotHaveDuplicates();
            assertThat(got.subList(0, WINDOW)).containsExactlyInAnyOrderElementsOf(want.subList(0, WINDOW));
            assertThat(got.subList(0, WINDOW)).isNotEqualTo(want.subList(0, WINDOW));
            assertThat(got.subList(WINDOW, got.size())).containsExactlyElementsOf(want.subList(WINDOW, want.size()));
        }
    }

    @Test
    void the_same_viewer_anchor_and_seed_give_the_same_order_and_another_seed_another_one() {
        TestFeed feed = TestFeed.random(52, 10, 30);
        try (FeedAssembler a = builder(feed).build(); FeedAssembler b = builder(feed).build()) {
            List<Long> one = walk(List.of(a), ranked(1, 10).seed(99).build(), () -> { });
            List<Long> two = walk(List.of(b), ranked(1, 10).seed(99).build(), () -> { });
            List<Long> other = walk(List.of(b), ranked(1, 10).seed(100).build(), () -> { });
            assertThat(two).isEqualTo(one);
            assertThat(other.subList(0, WINDOW)).isNotEqualTo(one.subList(0, WINDOW));
        }
    }

    @Test
    void posts_that_arrive_during_a_walk_appear_on_the_next_fresh_first_page_only() {
        TestFeed feed = TestFeed.random(53, 10, 30);
        long viewer = 1;
        List<Long> want = ids(feed.feed(viewer));
        long[] nextId = {1_000_000};
        long newest = feed.feed(viewer).get(0).createdAtMicros();
        List<Long> arrived = new ArrayList<>();
        Runnable arrive = () -> {
            long id = nextId[0]++;
            feed.posts.put(id, new Post(id, viewer, "new " + id, Keyset.instant(newest + id), null, 0, 0, List.of(),
                    List.of()));
            arrived.add(id);
        };
        try (FeedAssembler a = builder(feed).build(); FeedAssembler b = builder(feed).build()) {
            // Alternate instances: every other page re-reads and re-ranks the window.
            List<Long> got = walk(List.of(a, b), ranked(viewer, 6).seed(5).build(), arrive);
            assertThat(got).hasSameSizeAs(want).containsExactlyInAnyOrderElementsOf(want);
            assertThat(got.subList(WINDOW, got.size())).containsExactlyElementsOf(want.subList(WINDOW, want.size()));
            FeedPage fresh = a.assemble(ranked(viewer, 100).seed(5).build());
            assertThat(fresh.items().stream().map(i -> i.post().id())).containsAll(arrived);
        }
    }

    @Test
    void the_default_scorer_puts_an_author_the_viewer_opens_often_first() {
        TestFeed feed = TestFeed.random(54, 10, 30);
        long viewer = 1;
        List<Post> window = feed.feed(viewer).subList(0, WINDOW);
        long favourite = window.get(WINDOW - 1).authorId();
        AffinitySource opens = (v, authors, out) -> {
            for (int i = 0; i < authors.length; i++) {
                out[i] = authors[i] == favourite ? 1_000 : 0;
            }
        };
        try (FeedAssembler feeds = builder(feed).affinitySource(opens).exploration(0).build()) {
            List<FeedItem> items = feeds.assemble(ranked(viewer, 40).build()).items();
            long favourites = window.stream().filter(p -> p.authorId() == favourite).count();
            assertThat(items.subList(0, (int) favourites)).allMatch(i -> i.author().id() == favourite);
            // Among the others, with no affinity, newer ranks first.
            List<Long> rest = items.subList((int) favourites, items.size()).stream().map(i -> i.post().id()).toList();
            assertThat(rest).containsExactlyElementsOf(window.stream().filter(p -> p.authorId() != favourite)
                    .map(Post::id).toList());
        }
    }

    @Test
    void the_scorer_sees_age_from_the_anchor_affinity_engagement_and_the_seed() {
        TestFeed feed = TestFeed.random(55, 10, 30);
        List<Scorer.Features> seen = new CopyOnWriteArrayList<>();
        Post newest = feed.feed(1).get(0);
        try (FeedAssembler feeds = builder(feed).scorer(f -> {
            seen.add(f);
            return 0;
        }).affinitySource((v, authors, out) -> java.util.Arrays.fill(out, 2.5)).build()) {
            feeds.assemble(ranked(1, 5).seed(77).build());
        }
        assertThat(seen).hasSize(WINDOW);
        assertThat(seen).allMatch(f -> f.seed() == 77 && f.viewerId() == 1 && f.affinity() == 2.5 && f.ageMicros() >= 0);
        Scorer.Features first = seen.stream().filter(f -> f.postId() == newest.id()).findFirst().orElseThrow();
        assertThat(first.ageMicros()).isZero();
        assertThat(first.likes()).isEqualTo(newest.likeCount());
        assertThat(first.replies()).isEqualTo(newest.replyCount());
    }

    @Test
    void a_mode_that_disagrees_with_the_cursor_is_an_invalid_request() {
        TestFeed feed = TestFeed.random(56, 10, 30);
        try (FeedAssembler feeds = builder(feed).build()) {
            String rankedCursor = feeds.assemble(ranked(1, 5).build()).nextPage();
            String chronoCursor = feeds.assemble(FeedRequest.newBuilder(1).limit(5).build()).nextPage();
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.newBuilder(1).cursor(rankedCursor)
                    .mode(FeedRequest.Mode.CHRONOLOGICAL).build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("mode chronological does not match the cursor's mode ranked; omit mode when continuing a walk")
                    .extracting(e -> ((InvalidRequestException) e).code()).isEqualTo("invalid_mode");
            assertThatThrownBy(() -> feeds.assemble(ranked(1, 5).cursor(chronoCursor).build()))
                    .hasMessageContaining("mode ranked does not match the cursor's mode chronological");
            assertThat(feeds.assemble(ranked(1, 5).cursor(rankedCursor).build()).items()).hasSize(5);
        }
    }

    @Test
    void an_unknown_mode_name_is_an_invalid_request() {
        assertThat(FeedRequest.Mode.parse("Ranked")).isEqualTo(FeedRequest.Mode.RANKED);
        assertThatThrownBy(() -> FeedRequest.Mode.parse("hot")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("mode must be 'chronological' or 'ranked', was 'hot'");
    }

    @Test
    void a_feed_shorter_than_the_window_ends_with_the_window() {
        TestFeed feed = TestFeed.random(57, 4, 3);
        long viewer = 1;
        List<Long> want = ids(feed.feed(viewer));
        assertThat(want).hasSizeLessThan(WINDOW).isNotEmpty();
        try (FeedAssembler feeds = builder(feed).build()) {
            List<Long> got = walk(List.of(feeds), ranked(viewer, 4).build(), () -> { });
            assertThat(got).containsExactlyInAnyOrderElementsOf(want);
            assertThat(feeds.assemble(ranked(999, 4).build()).items()).isEmpty();
        }
    }

    @Test
    void a_post_deleted_during_a_ranked_walk_is_not_shown_and_pages_stay_full() {
        TestFeed feed = TestFeed.random(58, 10, 30);
        long viewer = 1;
        List<Long> want = new ArrayList<>(ids(feed.feed(viewer)));
        try (FeedAssembler feeds = builder(feed).build()) {
            FeedPage first = feeds.assemble(ranked(viewer, 5).seed(1).build());
            List<Long> got = new ArrayList<>();
            first.items().forEach(i -> got.add(i.post().id()));
            // Delete three window posts not yet shown.
            List<Long> deleted = want.subList(0, WINDOW).stream().filter(id -> !got.contains(id)).limit(3).toList();
            for (long id : deleted) {
                Post p = feed.posts.get(id);
                feed.posts.put(id, new Post(id, p.authorId(), p.body(), p.createdAt(), p.createdAt(), 0, 0, List.of(),
                        List.of()));
                feeds.invalidatePost(id);
            }
            FeedPage page = first;
            while (page.nextPage() != null) {
                page = feeds.assemble(FeedRequest.newBuilder(viewer).limit(5).cursor(page.nextPage()).build());
                if (page.nextPage() != null) {
                    assertThat(page.items()).hasSize(5);
                }
                page.items().forEach(i -> got.add(i.post().id()));
            }
            want.removeAll(deleted);
            assertThat(got).containsExactlyInAnyOrderElementsOf(want);
        }
    }

    @Test
    void exploration_fills_about_its_share_of_slots_with_seeded_random_picks() {
        double[] score = new double[300];
        for (int i = 0; i < score.length; i++) {
            score[i] = score.length - i;   // best first already
        }
        int[] none = RankedStep.order(score, new SplittableRandom(1), 0);
        for (int i = 0; i < none.length; i++) {
            assertThat(none[i]).isEqualTo(i);
        }
        int[] some = RankedStep.order(score, new SplittableRandom(1), 0.2);
        assertThat(new HashSet<>(java.util.Arrays.stream(some).boxed().toList())).hasSize(300);
        int outOfOrder = 0;
        for (int i = 0; i + 1 < some.length; i++) {
            outOfOrder += some[i] > some[i + 1] ? 1 : 0;
        }
        assertThat(outOfOrder).isBetween(20, 100);
        assertThat(RankedStep.order(score, new SplittableRandom(1), 0.2)).containsExactly(some);
    }

    @Test
    void ranked_settings_are_checked() {
        assertThatThrownBy(() -> FeedAssembler.newBuilder().rankedWindow(1))
                .hasMessage("rankedWindow must be between 2 and 5000, was 1");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().exploration(1.5))
                .hasMessage("exploration must be between 0.0 and 1.0, was 1.5");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().maxExtraRounds(11))
                .hasMessage("maxExtraRounds must be between 0 and 10, was 11");
        assertThatThrownBy(() -> Scorer.recencyAndAffinity(Duration.ZERO, 1))
                .hasMessage("halfLife must be positive, was PT0S");
    }
}
