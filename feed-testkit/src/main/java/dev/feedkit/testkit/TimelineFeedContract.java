package dev.feedkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedSource;
import dev.feedkit.Keyset;
import dev.feedkit.Post;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The feed contract with timelines on: walks of an assembler whose pages come from timelines,
 * pulled authors and the keyset source past the cap must equal, item by item, walks of the plain
 * keyset source (the SQL oracle), before and after random interleavings of posts, deletions,
 * follows, unfollows, blocks, mutes and unmutes, and with high-follower (pulled) authors publishing.
 *
 * <p>To run it against a backend, extend it, load {@link #timelineData()} once, and implement the
 * hooks (the assembler is built on first use, after the subclass's {@code @BeforeAll}): {@link #configure} adds the source, store, tiers and timeline store (of
 * {@link #CAPACITY} entries) to a builder the suite has already given its timeline settings;
 * {@link #oracle()} reads the keyset source directly; the {@code write*} hooks commit a change to
 * the backend, after which the suite calls the assembler's write-path method itself.
 *
 * <p>The suite mutates the backend; every check reads the oracle fresh, so the tests may run in any
 * order on one loaded data set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TimelineFeedContract {
    /** Entries per timeline: small, so that walks cross the cap into the keyset source. */
    public static final int CAPACITY = 60;
    private static final DemoData DATA = DemoData.newBuilder().users(400).posts(8_000).meanFollows(20)
            .seed(20261201L).build();

    private FeedAssembler feeds;
    private long nextPostId;
    private Instant clock = DemoData.BASE.plus(Duration.ofDays(400));
    private final Map<Long, Set<Long>> follows = new HashMap<>();
    private final Map<Long, Integer> followerCounts = new HashMap<>();
    private final List<Post> livePosts = new ArrayList<>();
    private final Set<List<Long>> blocks = new java.util.HashSet<>();
    private final Set<List<Long>> mutes = new java.util.HashSet<>();
    private long pullThreshold;

    /**
     * Returns the data set of the suite: 400 users, 8,000 posts, 20 mean follows.
     *
     * @return the data, generated once per JVM
     */
    public static DemoData timelineData() {
        return DATA;
    }

    /**
     * Adds the backend to a builder that already has {@code timelines(true)} and a pull threshold:
     * source, store, any tier, and a timeline store of {@link #CAPACITY} entries (or
     * {@code timelineCapacity(CAPACITY)} for the in-memory default).
     *
     * @param builder the builder
     * @return the builder
     */
    protected abstract FeedAssembler.Builder configure(FeedAssembler.Builder builder);

    /** @return the keyset source read directly, as the oracle */
    protected abstract FeedSource oracle();

    /**
     * Commits a new post.
     *
     * @param post the post
     */
    protected abstract void writePost(Post post);

    /**
     * Commits a soft deletion.
     *
     * @param postId the post
     * @param at when
     */
    protected abstract void writeDelete(long postId, Instant at);

    /**
     * Commits a follow, an unfollow ({@code add} false).
     *
     * @param follower who
     * @param followee whom
     * @param add follow or unfollow
     */
    protected abstract void writeFollow(long follower, long followee, boolean add);

    /**
     * Commits a block.
     *
     * @param blocker who
     * @param blocked whom
     */
    protected abstract void writeBlock(long blocker, long blocked);

    /**
     * Commits a mute, or an unmute ({@code add} false).
     *
     * @param muter who
     * @param muted whom
     * @param add mute or unmute
     */
    protected abstract void writeMute(long muter, long muted, boolean add);

    /** Reads the data set's edges and posts, for the writes and the viewers the tests choose. */
    protected TimelineFeedContract() {
        for (DemoData.Edge e : DATA.follows()) {
            follows.computeIfAbsent(e.from(), k -> new LinkedHashSet<>()).add(e.to());
            followerCounts.merge(e.to(), 1, Integer::sum);
        }
        for (DemoData.Edge e : DATA.blocks()) {
            blocks.add(List.of(e.from(), e.to()));
        }
        for (DemoData.Edge e : DATA.mutes()) {
            mutes.add(List.of(e.from(), e.to()));
        }
        for (Post p : DATA.posts()) {
            nextPostId = Math.max(nextPostId, p.id() + 1);
            if (!p.deleted()) {
                livePosts.add(p);
            }
        }
    }

    private void buildAssembler() {
        int most = followerCounts.values().stream().max(Integer::compare).orElseThrow();
        pullThreshold = Math.max(2, most * 3 / 4);
        feeds = configure(FeedAssembler.newBuilder().timelines(true).pullThreshold(pullThreshold).prewarm(false))
                .build();
    }

    /** Closes the assembler (idempotent); a subclass that closes its backend in its own {@code @AfterAll} calls it first. */
    @AfterAll
    protected final void closeAssembler() {
        if (feeds != null) {
            feeds().close();
        }
    }

    /** @return the assembler under test, built on first use (after the subclass loaded its backend) */
    protected final synchronized FeedAssembler feeds() {
        if (feeds == null) {
            buildAssembler();
        }
        return feeds;
    }

    // ---------------------------------------------------------------- tests

    @Test
    public final void walks_equal_the_keyset_source_before_and_after_timelines_are_built() {
        for (long viewer : viewers()) {
            assertWalksEqual(viewer, 20);
        }
        awaitIdle();
        assertThat(feeds().timelineStats().rebuilds()).as("timelines rebuilt after the first walks").isPositive();
        for (long viewer : viewers()) {
            assertWalksEqual(viewer, 20);
            assertWalksEqual(viewer, 7);
        }
        assertThat(feeds().timelineStats().timelineReads()).isPositive();
    }

    @Test
    public final void random_interleavings_of_writes_keep_walks_equal_to_the_keyset_source() {
        Random r = new Random(31);
        List<Long> viewers = viewers();
        warm(viewers);
        for (int round = 0; round < 6; round++) {
            for (int op = 0; op < 12; op++) {
                randomWrite(r, viewers);
                if (op % 4 == 0) {
                    firstPage(viewers.get(r.nextInt(viewers.size())), 20);
                }
            }
            awaitIdle();
            for (long viewer : viewers) {
                assertWalksEqual(viewer, 20);
            }
        }
    }

    @Test
    public final void a_high_follower_authors_new_post_reaches_its_followers_first_pages() {
        long celebrity = mostFollowed();
        List<Long> fans = followersOf(celebrity, 8);
        warm(fans);
        long before = feeds().timelineStats().jobs();
        Post p = publish(celebrity, clock = clock.plusSeconds(60));
        awaitIdle();
        assertThat(feeds().timelineStats().jobs()).isEqualTo(before + 1);
        for (long fan : fans) {
            assertThat(firstPage(fan, 20)).as("first page of follower %d", fan).contains(p.id());
            assertWalksEqual(fan, 20);
        }
    }

    @Test
    public final void an_unchanged_warm_first_page_is_served_from_memory() {
        long viewer = DATA.sampleViewer();
        warm(List.of(viewer));
        firstPage(viewer, 20);
        long hits = feeds().timelineStats().firstPageHits();
        List<Long> again = firstPage(viewer, 20);
        assertThat(feeds().timelineStats().firstPageHits()).isEqualTo(hits + 1);
        assertThat(again).containsExactlyElementsOf(oracleWalk(viewer, 20).subList(0, again.size()));
    }

    @Test
    public final void pages_stay_full_when_the_timeline_still_holds_deleted_posts() {
        long viewer = DATA.sampleViewer();
        warm(List.of(viewer));
        List<Long> first = oracleWalk(viewer, 20).subList(0, 40);
        // Delete every other post of the first two pages without telling the timelines: the
        // timeline keeps the ids, the entities say deleted, and pages must fill from later rounds.
        List<Post> deleted = new ArrayList<>();
        for (int i = 0; i < first.size(); i += 2) {
            long id = first.get(i);
            Post p = livePosts.stream().filter(x -> x.id() == id).findFirst().orElseThrow();
            writeDelete(p.id(), clock = clock.plusSeconds(1));
            feeds().invalidatePost(p.id());
            livePosts.remove(p);
            deleted.add(p);
        }
        List<List<Long>> pages = new ArrayList<>();
        try {
            FeedPage page = feeds().assemble(FeedRequest.newBuilder(viewer).limit(20).build());
            for (int i = 0; i < 2_000; i++) {
                pages.add(page.items().stream().map(it -> it.post().id()).toList());
                if (page.nextPage() == null) {
                    break;
                }
                page = feeds().assemble(FeedRequest.newBuilder(viewer).limit(20).cursor(page.nextPage()).build());
            }
        } finally {
            deleted.forEach(p -> feeds().postDeleted(p.id(), p.authorId(), p.createdAt()));
            awaitIdle();
        }
        assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(oracleWalk(viewer, 20));
        for (int i = 0; i + 1 < pages.size(); i++) {
            assertThat(pages.get(i)).as("page %d", i).hasSize(20);
        }
    }

    @Test
    public final void a_ranked_walk_with_timelines_yields_its_window_once_then_the_rest_in_order() {
        long viewer = DATA.sampleViewer();
        warm(List.of(viewer));
        List<Long> want = oracleWalk(viewer, 20);
        List<Long> got = new ArrayList<>();
        FeedPage page = feeds().assemble(FeedRequest.newBuilder(viewer).limit(20).mode(FeedRequest.Mode.RANKED)
                .seed(11).build());
        for (int i = 0; i < 2_000; i++) {
            page.items().forEach(it -> got.add(it.post().id()));
            if (page.nextPage() == null) {
                break;
            }
            page = feeds().assemble(FeedRequest.newBuilder(viewer).limit(20).cursor(page.nextPage()).build());
        }
        int window = Math.min(300, want.size());
        assertThat(got).hasSameSizeAs(want).doesNotHaveDuplicates();
        assertThat(got.subList(0, window)).containsExactlyInAnyOrderElementsOf(want.subList(0, window));
        assertThat(got.subList(window, got.size())).containsExactlyElementsOf(want.subList(window, want.size()));
    }

    // ---------------------------------------------------------------- writes

    private void randomWrite(Random r, List<Long> viewers) {
        long viewer = viewers.get(r.nextInt(viewers.size()));
        List<Long> followees = new ArrayList<>(follows.getOrDefault(viewer, Set.of()));
        switch (r.nextInt(6)) {
            case 0, 1 -> {
                long author = r.nextInt(3) == 0 ? mostFollowed() : followees.isEmpty() ? viewer
                        : followees.get(r.nextInt(followees.size()));
                // Most posts are new; some are back-dated into the middle of the feed.
                Instant at = r.nextBoolean() ? (clock = clock.plusSeconds(1 + r.nextInt(30)))
                        : DemoData.BASE.plus(Duration.ofMinutes(r.nextInt(60 * 24 * 30)));
                publish(author, at);
            }
            case 2 -> {
                Post p = livePosts.remove(r.nextInt(livePosts.size()));
                Instant at = clock = clock.plusSeconds(1);
                writeDelete(p.id(), at);
                feeds().postDeleted(p.id(), p.authorId(), p.createdAt());
            }
            case 3 -> {
                long other = viewers.get(r.nextInt(viewers.size()));
                if (other != viewer && follows.computeIfAbsent(viewer, k -> new LinkedHashSet<>()).add(other)) {
                    writeFollow(viewer, other, true);
                    feeds().followed(viewer, other);
                }
            }
            case 4 -> {
                if (!followees.isEmpty()) {
                    long other = followees.get(r.nextInt(followees.size()));
                    follows.get(viewer).remove(other);
                    writeFollow(viewer, other, false);
                    feeds().unfollowed(viewer, other);
                }
            }
            default -> {
                if (!followees.isEmpty() && r.nextInt(3) == 0) {
                    long other = followees.get(r.nextInt(followees.size()));
                    boolean reverse = r.nextBoolean();
                    long blocker = reverse ? other : viewer;
                    long blocked = reverse ? viewer : other;
                    if (!blocks.add(List.of(blocker, blocked))) {
                        return;
                    }
                    writeBlock(blocker, blocked);
                    feeds().blocked(blocker, blocked);
                } else if (!followees.isEmpty() && r.nextBoolean()) {
                    long other = followees.get(r.nextInt(followees.size()));
                    List<Long> edge = List.of(viewer, other);
                    boolean add = !mutes.remove(edge);
                    if (add) {
                        mutes.add(edge);
                    }
                    writeMute(viewer, other, add);
                    if (add) {
                        feeds().muted(viewer, other);
                    } else {
                        feeds().unmuted(viewer, other);
                    }
                }
            }
        }
    }

    private Post publish(long author, Instant at) {
        Post p = new Post(nextPostId++, author, "timeline post " + nextPostId, at, null, 0, 0, List.of(), List.of());
        writePost(p);
        livePosts.add(p);
        feeds().postPublished(p.id(), author, at);
        return p;
    }

    // ---------------------------------------------------------------- walks

    private void assertWalksEqual(long viewer, int limit) {
        List<Long> want = oracleWalk(viewer, limit);
        List<Long> got = assemblerWalk(viewer, limit);
        assertThat(got).as("walk of viewer %d by pages of %d with timelines on", viewer, limit)
                .containsExactlyElementsOf(want);
    }

    private List<Long> assemblerWalk(long viewer, int limit) {
        List<Long> ids = new ArrayList<>();
        FeedPage page = feeds().assemble(FeedRequest.newBuilder(viewer).limit(limit).build());
        for (int i = 0; i < 2_000; i++) {
            for (FeedItem item : page.items()) {
                ids.add(item.post().id());
            }
            if (page.nextPage() == null) {
                return ids;
            }
            page = feeds().assemble(FeedRequest.newBuilder(viewer).limit(limit).cursor(page.nextPage()).build());
        }
        throw new AssertionError("walk of viewer " + viewer + " did not end");
    }

    private List<Long> oracleWalk(long viewer, int limit) {
        List<Long> ids = new ArrayList<>();
        Keyset after = Keyset.START;
        while (true) {
            Candidates out = new Candidates();
            oracle().candidates(viewer, after, limit + 1, out, Deadline.none());
            for (int i = 0; i < Math.min(limit, out.size()); i++) {
                ids.add(out.postId(i));
            }
            if (out.size() <= limit) {
                return ids;
            }
            after = new Keyset(out.createdAtMicros(limit - 1), out.postId(limit - 1));
        }
    }

    private List<Long> firstPage(long viewer, int limit) {
        return feeds().assemble(FeedRequest.newBuilder(viewer).limit(limit).build()).items().stream()
                .map(i -> i.post().id()).toList();
    }

    /** Reads each viewer's first page, waits for the rebuilds, and reads it again into the first-page cache. */
    private void warm(List<Long> viewers) {
        viewers.forEach(v -> firstPage(v, 20));
        awaitIdle();
        viewers.forEach(v -> firstPage(v, 20));
    }

    private void awaitIdle() {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!feeds().timelinesIdle()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the timeline write path did not finish: " + feeds().timelineStats());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    // ---------------------------------------------------------------- viewers

    private List<Long> viewers() {
        Set<Long> v = new LinkedHashSet<>();
        v.add(DATA.sampleViewer());
        v.addAll(followersOf(mostFollowed(), 4));
        Random r = new Random(5);
        for (int i = 0; i < 8; i++) {
            v.add(DATA.users().get(r.nextInt(DATA.users().size())).id());
        }
        return List.copyOf(v);
    }

    private long mostFollowed() {
        return followerCounts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Followers who see the author: none has muted it or blocks it either way. */
    private List<Long> followersOf(long author, int max) {
        List<Long> out = new ArrayList<>();
        for (DemoData.Edge e : DATA.follows()) {
            boolean hidden = mutes.contains(List.of(e.from(), author)) || blocks.contains(List.of(e.from(), author))
                    || blocks.contains(List.of(author, e.from()));
            if (e.to() == author && !hidden && out.size() < max) {
                out.add(e.from());
            }
        }
        return out;
    }

    /** @return the follower count from which an author is pulled in this suite */
    protected final long pullThreshold() {
        return pullThreshold;
    }
}
