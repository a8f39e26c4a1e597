package dev.feedkit.testkit;

import dev.feedkit.Author;
import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedSource;
import dev.feedkit.FeedStats;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.Keyset;
import dev.feedkit.Media;
import dev.feedkit.Post;
import dev.feedkit.Relationship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link FeedSource} and {@link EntityStore} pair must meet, checked item by
 * item against {@link FeedOracle}'s brute-force reading of docs/CONTRACT.md over one {@link DemoData} set.
 *
 * <p>To run it against another implementation, extend it, load {@link #standardData()} (or any
 * data set) into the implementation once, for example in a {@code @BeforeAll} method (the class
 * has one instance per test class), and return it from the hooks:
 *
 * <pre>{@code
 * final class JdbcFeedStoreContractTest extends FeedStoreContract {
 *     @BeforeAll void load() { ... copy standardData() into a fresh schema ... }
 *     @Override protected DemoData data() { return standardData(); }
 *     @Override protected FeedSource source() { return jdbc; }
 *     @Override protected EntityStore store() { return jdbc; }
 *     @Override protected String storedText(String s) { ... how the database changes text ... }
 * }
 * }</pre>
 *
 * <p>The assembly tests (full pages, ranked walks) run a {@link FeedAssembler} over the store, with
 * the source wrapped so that it also returns posts the page must drop (deleted posts and posts of
 * authors blocked either way, from the data set): what a stale source or timeline delivers. Each
 * page must still hold {@code limit} items until the feed ends (CONTRACT.md, Paging).
 *
 * The suite only reads: it never mutates the store, so one loaded data set serves every test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FeedStoreContract {
    private static final DemoData STANDARD = DemoData.newBuilder()
            .users(2_000).posts(40_000).meanFollows(40).seed(20261129L).build();
    /** Fewer calls than this per walk, so that a database implementation stays fast. */
    private static final int MAX_CALLS_PER_WALK = 400;

    private FeedOracle oracle;

    /**
     * Returns the shared data set of the suite: 2,000 users, 40,000 posts, 40 mean follows.
     *
     * @return the data, generated once per JVM
     */
    public static DemoData standardData() {
        return STANDARD;
    }

    /** @return the data set the implementation under test holds */
    protected abstract DemoData data();

    /** @return the source under test, loaded with {@link #data()} */
    protected abstract FeedSource source();

    /** @return the store under test, loaded with {@link #data()} */
    protected abstract EntityStore store();

    /**
     * Returns {@code text} as the store gives it back. The default is unchanged; a store that
     * cannot hold some characters (PostgreSQL rejects U+0000 and unpaired surrogates in
     * {@code text}) overrides this with its documented replacement, and the suite then checks
     * that exactly that replacement happened.
     *
     * @param text text as generated
     * @return text as stored and loaded
     */
    protected String storedText(String text) {
        return text;
    }

    /** @return the oracle over {@link #data()}, built on first use */
    protected final synchronized FeedOracle oracle() {
        if (oracle == null) {
            oracle = new FeedOracle(data());
        }
        return oracle;
    }

    // ---------------------------------------------------------------- viewers

    /** The viewers most tests run over: every shape of feed the data set has. */
    private List<Long> viewers() {
        FeedOracle o = oracle();
        Set<Long> v = new LinkedHashSet<>();
        v.add(data().sampleViewer());
        v.addAll(blockersWhoFollowTheBlocked(3));
        v.addAll(blockedWhoFollowTheBlocker(3));
        v.addAll(mutersWhoFollowTheMuted(3));
        v.addAll(viewersWhoFollowNobody(2));
        v.add(mostFollowedUser());
        Random r = new Random(7);
        List<Long> ids = o.userIds();
        for (int i = 0; i < 20; i++) {
            v.add(ids.get(r.nextInt(ids.size())));
        }
        return List.copyOf(v);
    }

    private List<Long> blockersWhoFollowTheBlocked(int max) {
        List<Long> out = new ArrayList<>();
        for (DemoData.Edge b : data().blocks()) {
            if (out.size() < max && oracle().follows(b.from(), b.to())) {
                out.add(b.from());
            }
        }
        return out;
    }

    private List<Long> mutersWhoFollowTheMuted(int max) {
        List<Long> out = new ArrayList<>();
        for (DemoData.Edge m : data().mutes()) {
            if (out.size() < max && oracle().follows(m.from(), m.to())) {
                out.add(m.from());
            }
        }
        return out;
    }

    private List<Long> blockedWhoFollowTheBlocker(int max) {
        List<Long> out = new ArrayList<>();
        for (DemoData.Edge b : data().blocks()) {
            if (out.size() < max && oracle().follows(b.to(), b.from())) {
                out.add(b.to());
            }
        }
        return out;
    }

    private List<Long> viewersWhoFollowNobody(int max) {
        Set<Long> following = new LinkedHashSet<>();
        for (DemoData.Edge f : data().follows()) {
            following.add(f.from());
        }
        List<Long> out = new ArrayList<>();
        for (long id : oracle().userIds()) {
            if (out.size() < max && !following.contains(id) && !oracle().feed(id).isEmpty()) {
                out.add(id);
            }
        }
        return out;
    }

    private long mostFollowedUser() {
        Map<Long, Integer> followers = new LinkedHashMap<>();
        for (DemoData.Edge f : data().follows()) {
            followers.merge(f.to(), 1, Integer::sum);
        }
        return followers.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    // ---------------------------------------------------------------- candidates

    /** One candidate as a comparable value, so that AssertJ shows readable differences. */
    record Candidate(long postId, long authorId, long createdAtMicros) {
        static Candidate of(Post p) {
            return new Candidate(p.id(), p.authorId(), p.createdAtMicros());
        }
    }

    private List<Candidate> candidates(long viewer, Keyset after, int max) {
        Candidates out = new Candidates();
        source().candidates(viewer, after, max, out, Deadline.none());
        List<Candidate> list = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            list.add(new Candidate(out.postId(i), out.authorId(i), out.createdAtMicros(i)));
        }
        return list;
    }

    private static List<Candidate> expected(List<Post> posts) {
        return posts.stream().map(Candidate::of).toList();
    }

    /** Walks pages as the pipeline does: asks for limit + 1, shows limit, continues after the last shown. */
    private List<Candidate> walk(long viewer, int limit, int maxCalls) {
        List<Candidate> seen = new ArrayList<>();
        Keyset after = Keyset.START;
        for (int call = 0; call < maxCalls; call++) {
            List<Candidate> page = candidates(viewer, after, limit + 1);
            assertThat(page).as("candidates of viewer %d after %s", viewer, after).hasSizeLessThanOrEqualTo(limit + 1);
            List<Candidate> shown = page.subList(0, Math.min(limit, page.size()));
            seen.addAll(shown);
            if (page.size() <= limit) {
                break;
            }
            Candidate last = shown.get(shown.size() - 1);
            after = new Keyset(last.createdAtMicros(), last.postId());
        }
        return seen;
    }

    @Test
    public final void first_page_holds_the_newest_posts_of_each_viewers_feed() {
        for (long viewer : viewers()) {
            assertThat(candidates(viewer, Keyset.START, 21)).as("first page of viewer %d", viewer)
                    .containsExactlyElementsOf(expected(oracle().after(viewer, Keyset.START, 21)));
        }
    }

    @ParameterizedTest(name = "pages of {0}")
    @ValueSource(ints = {1, 7, 20, 100})
    public final void walking_pages_yields_every_post_of_the_feed_once_in_order(int limit) {
        List<Long> viewers = viewers().subList(0, 10);
        for (long viewer : viewers) {
            List<Candidate> all = expected(oracle().feed(viewer));
            List<Candidate> walked = walk(viewer, limit, MAX_CALLS_PER_WALK);
            List<Candidate> want = all.subList(0, Math.min(all.size(), limit * MAX_CALLS_PER_WALK));
            assertThat(walked).as("walk of viewer %d by pages of %d", viewer, limit).containsExactlyElementsOf(want);
        }
    }

    @Test
    public final void the_sample_viewers_feed_is_long_enough_to_need_many_pages() {
        assertThat(oracle().feed(data().sampleViewer())).hasSizeGreaterThan(500);
    }

    @Test
    public final void candidates_continue_strictly_after_any_keyset_position() {
        Random r = new Random(11);
        for (long viewer : viewers().subList(0, 4)) {
            List<Post> feed = oracle().feed(viewer);
            for (int i = 0; i < 50 && !feed.isEmpty(); i++) {
                Post p = feed.get(r.nextInt(feed.size()));
                for (Keyset k : around(p)) {
                    assertThat(candidates(viewer, k, 9)).as("viewer %d after %s", viewer, k)
                            .containsExactlyElementsOf(expected(oracle().after(viewer, k, 9)));
                }
            }
        }
    }

    /** Positions at a post, just around it in both halves of the keyset, and at the ends of its microsecond. */
    private static List<Keyset> around(Post p) {
        long m = p.createdAtMicros();
        long id = p.id();
        return List.of(new Keyset(m, id), new Keyset(m, id + 1), new Keyset(m, id - 1), new Keyset(m + 1, 0),
                new Keyset(m, Long.MAX_VALUE), new Keyset(m, 0), new Keyset(m - 1, Long.MAX_VALUE));
    }

    @Test
    public final void posts_with_equal_created_at_are_ordered_by_id_across_page_boundaries() {
        long viewer = data().sampleViewer();
        List<Post> feed = oracle().feed(viewer);
        int ties = 0;
        for (int i = 0; i + 1 < feed.size(); i++) {
            Post a = feed.get(i);
            Post b = feed.get(i + 1);
            if (a.createdAtMicros() == b.createdAtMicros()) {
                ties++;
                assertThat(candidates(viewer, new Keyset(a.createdAtMicros(), a.id()), 1))
                        .as("the post after %s, which shares its created_at", a).containsExactly(Candidate.of(b));
            }
        }
        assertThat(ties).as("ties of created_at in the sample viewer's feed").isPositive();
    }

    @Test
    public final void an_unknown_viewer_has_no_candidates() {
        for (long viewer : oracle().unknownUserIds()) {
            assertThat(candidates(viewer, Keyset.START, 101)).as("candidates of unknown viewer %d", viewer).isEmpty();
        }
    }

    @Test
    public final void a_viewer_who_follows_nobody_sees_only_own_posts() {
        List<Long> loners = viewersWhoFollowNobody(2);
        assertThat(loners).as("users who follow nobody but posted").isNotEmpty();
        for (long viewer : loners) {
            List<Candidate> walked = walk(viewer, 100, MAX_CALLS_PER_WALK);
            assertThat(walked).isNotEmpty().allSatisfy(c -> assertThat(c.authorId()).isEqualTo(viewer));
            assertThat(walked).containsExactlyElementsOf(expected(oracle().feed(viewer)));
        }
    }

    @Test
    public final void posts_of_an_author_blocked_in_either_direction_are_never_candidates() {
        int checked = 0;
        for (DemoData.Edge b : data().blocks()) {
            if (checked < 40 && oracle().follows(b.from(), b.to())) {
                assertNoCandidateBy(b.from(), b.to());
                checked++;
            }
            if (checked < 40 && oracle().follows(b.to(), b.from())) {
                assertNoCandidateBy(b.to(), b.from());
                checked++;
            }
        }
        assertThat(checked).as("blocks between a follower and a followee").isGreaterThan(10);
    }

    @Test
    public final void posts_of_an_author_the_viewer_muted_are_never_candidates_though_it_follows_them() {
        int checked = 0;
        for (DemoData.Edge m : data().mutes()) {
            if (checked < 40 && oracle().follows(m.from(), m.to()) && hasLivePosts(m.to())) {
                assertThat(walk(m.from(), 100, MAX_CALLS_PER_WALK)).as("feed of viewer %d, who muted %d", m.from(), m.to())
                        .noneMatch(c -> c.authorId() == m.to());
                checked++;
            }
        }
        assertThat(checked).as("mutes of a followee who posted").isGreaterThan(5);
    }

    @Test
    public final void a_mute_is_one_way_the_muted_author_still_sees_the_muter() {
        int checked = 0;
        for (DemoData.Edge m : data().mutes()) {
            long muted = m.to();
            long muter = m.from();
            if (checked < 10 && oracle().follows(muted, muter) && !oracle().relationship(muted, muter).hides()
                    && hasLivePosts(muter)) {
                assertThat(walk(muted, 100, MAX_CALLS_PER_WALK)).as("feed of %d, muted by %d whom it follows", muted, muter)
                        .anyMatch(c -> c.authorId() == muter)
                        .containsExactlyElementsOf(expected(oracle().feed(muted)));
                checked++;
            }
        }
        assertThat(checked).as("muted users who follow their muter").isPositive();
    }

    private boolean hasLivePosts(long authorId) {
        return oracle().posts().stream().anyMatch(p -> p.authorId() == authorId && !p.deleted());
    }

    private void assertNoCandidateBy(long viewer, long hidden) {
        assertThat(walk(viewer, 100, MAX_CALLS_PER_WALK)).as("feed of viewer %d, who is blocked by or blocks %d", viewer, hidden)
                .noneMatch(c -> c.authorId() == hidden);
    }

    @Test
    public final void deleted_posts_are_never_candidates() {
        long viewer = data().sampleViewer();
        long deletedInView = oracle().posts().stream().filter(Post::deleted)
                .filter(p -> oracle().follows(viewer, p.authorId()) && !oracle().relationship(viewer, p.authorId()).hides())
                .count();
        assertThat(deletedInView).as("deleted posts by the sample viewer's visible followees").isPositive();
        assertThat(walk(viewer, 100, MAX_CALLS_PER_WALK))
                .noneMatch(c -> oracle().post(c.postId()) == null || oracle().post(c.postId()).deleted());
    }

    @Test
    public final void a_source_appends_at_most_max_candidates() {
        long viewer = data().sampleViewer();
        for (int max : new int[] {1, 2, 21, 101}) {
            assertThat(candidates(viewer, Keyset.START, max)).hasSize(max);
        }
    }

    @Test
    public final void concurrent_walks_see_the_same_feed() throws Exception {
        List<Long> viewers = viewers().subList(0, 4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Candidate>>> walks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long viewer = viewers.get(t % viewers.size());
                walks.add(pool.submit(() -> walk(viewer, 20, 50)));
            }
            for (int t = 0; t < walks.size(); t++) {
                List<Candidate> all = expected(oracle().feed(viewers.get(t % viewers.size())));
                assertThat(walks.get(t).get()).containsExactlyElementsOf(all.subList(0, Math.min(all.size(), 1_000)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public final void an_expired_deadline_fails_with_feed_unavailable() {
        FakeTicker ticker = new FakeTicker();
        Deadline expired = Deadline.after(Duration.ofMillis(1), ticker);
        ticker.advance(Duration.ofMillis(1));
        long viewer = data().sampleViewer();
        assertThatThrownBy(() -> source().candidates(viewer, Keyset.START, 21, new Candidates(), expired))
                .isInstanceOf(FeedUnavailableException.class);
        EntityKeys keys = EntityKeys.of(viewer, new long[] {oracle().posts().get(0).id()}, new long[] {viewer});
        assertThatThrownBy(() -> store().load(keys, Entities.of(keys), expired)).isInstanceOf(FeedUnavailableException.class);
    }

    // ---------------------------------------------------------------- load

    /**
     * What a store delivered into an {@link Entities} batch, read back as maps by id. (A store that
     * delivers an id twice only overwrites its slot, so there is no duplicate to record.)
     */
    static final class Recorder {
        final Entities into;
        final Map<Long, Post> posts = new LinkedHashMap<>();
        final Map<Long, Author> authors = new LinkedHashMap<>();
        final Map<Long, Relationship> relationships = new LinkedHashMap<>();

        Recorder(EntityKeys keys) {
            into = Entities.of(keys);
        }

        /** Reads the delivered entities into the maps; call after the load. */
        Recorder read() {
            read(EntityKind.POST, Post.class, posts);
            read(EntityKind.AUTHOR, Author.class, authors);
            read(EntityKind.RELATIONSHIP, Relationship.class, relationships);
            return this;
        }

        private <T> void read(EntityKind kind, Class<T> type, Map<Long, T> out) {
            EntityKeys keys = into.keys();
            for (int i = 0; i < keys.size(kind); i++) {
                Object v = into.valueAt(kind, i);
                if (v != null) {
                    out.put(keys.id(kind, i), type.cast(v));
                }
            }
        }
    }

    private Recorder load(long viewer, List<Long> postIds, List<Long> authorIds) {
        EntityKeys keys = EntityKeys.of(viewer, postIds.stream().mapToLong(Long::longValue).toArray(),
                authorIds.stream().mapToLong(Long::longValue).toArray());
        Recorder r = new Recorder(keys);
        store().load(keys, r.into, Deadline.none());
        return r.read();
    }

    private Post stored(Post p) {
        return new Post(p.id(), p.authorId(), storedText(p.body()), p.createdAt(), p.deletedAt(), p.likeCount(),
                p.replyCount(), p.media(), p.tags(), p.extra());
    }

    private Author stored(DemoData.User u) {
        return new Author(u.id(), u.username(), storedText(u.displayName()), u.avatarUrl(), u.verified(), u.extra());
    }

    private void assertLoadsPosts(List<Long> ids) {
        for (int from = 0; from < ids.size(); from += 100) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + 100));
            Recorder r = load(data().sampleViewer(), batch, List.of());
            Map<Long, Post> want = new LinkedHashMap<>();
            for (long id : batch) {
                want.put(id, stored(oracle().post(id)));
            }
            assertThat(r.posts).as("posts loaded for ids %s", batch).containsExactlyInAnyOrderEntriesOf(want);
        }
    }

    @Test
    public final void load_delivers_each_post_with_its_fields_media_and_tags() {
        List<Long> ids = oracle().feed(data().sampleViewer()).stream().limit(300).map(Post::id).toList();
        assertLoadsPosts(ids);
    }

    @Test
    public final void load_delivers_deleted_posts_with_deleted_at() {
        List<Long> ids = oracle().posts().stream().filter(Post::deleted).limit(200).map(Post::id).toList();
        assertThat(ids).isNotEmpty();
        assertLoadsPosts(ids);
    }

    @Test
    public final void load_delivers_hostile_text_as_stored() {
        List<Long> ids = oracle().posts().stream().filter(p -> hostile(p.body())).limit(300).map(Post::id).toList();
        assertThat(ids).hasSize(300);
        assertThat(ids.stream().map(id -> oracle().post(id).body()))
                .anyMatch(b -> b.indexOf('\0') >= 0).anyMatch(b -> b.indexOf('\u2028') >= 0)
                .anyMatch(b -> b.length() > 10_000).anyMatch(b -> b.indexOf('\\') >= 0);
        assertLoadsPosts(ids);
    }

    /** @return whether the text holds a character outside printable ASCII, a quote or a backslash */
    static boolean hostile(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c > 0x7e || c == '"' || c == '\\');
    }

    @Test
    public final void load_delivers_posts_with_every_media_shape() {
        List<Post> withMedia = oracle().posts().stream().filter(p -> !p.media().isEmpty()).limit(400).toList();
        assertThat(withMedia.stream().flatMap(p -> p.media().stream()))
                .anyMatch(m -> m.width() == null).anyMatch(m -> m.height() == null && m.width() != null)
                .anyMatch(m -> m.kind() == Media.Kind.GIF).anyMatch(m -> m.kind() == Media.Kind.VIDEO);
        assertLoadsPosts(withMedia.stream().map(Post::id).toList());
    }

    @Test
    public final void load_delivers_nothing_for_unknown_ids() {
        Recorder r = load(data().sampleViewer(), oracle().unknownPostIds(), oracle().unknownUserIds());
        assertThat(r.posts).isEmpty();
        assertThat(r.authors).isEmpty();
        assertThat(r.relationships.values()).as("relationships to unknown authors").allMatch(x -> x == Relationship.NONE);
    }

    @Test
    public final void load_delivers_known_entities_and_skips_unknown_ones_in_one_call() {
        long viewer = data().sampleViewer();
        Post known = oracle().feed(viewer).get(0);
        List<Long> postIds = new ArrayList<>(oracle().unknownPostIds());
        postIds.add(known.id());
        List<Long> authorIds = new ArrayList<>(oracle().unknownUserIds());
        authorIds.add(known.authorId());
        Recorder r = load(viewer, postIds, authorIds);
        assertThat(r.posts).containsOnlyKeys(known.id());
        assertThat(r.authors).containsOnlyKeys(known.authorId());
    }

    @Test
    public final void load_delivers_authors_and_the_viewers_relationship_to_each() {
        for (long viewer : viewers().subList(0, 8)) {
            List<Long> authors = relatedUsers(viewer);
            Recorder r = load(viewer, List.of(), authors);
            for (long a : authors) {
                assertThat(r.authors.get(a)).as("author %d", a).isEqualTo(stored(oracle().user(a)));
                Relationship got = r.relationships.getOrDefault(a, Relationship.NONE);
                assertThat(got).as("relationship of viewer %d to author %d", viewer, a)
                        .isSameAs(oracle().relationship(viewer, a));
            }
        }
    }

    @Test
    public final void relationships_of_the_sample_viewer_cover_every_flag() {
        long viewer = data().sampleViewer();
        List<Relationship> all = relatedUsers(viewer).stream().map(a -> oracle().relationship(viewer, a)).toList();
        assertThat(all).anyMatch(Relationship::following).anyMatch(Relationship::followedBy)
                .anyMatch(Relationship::blocking).anyMatch(Relationship::blockedBy).anyMatch(Relationship::muting)
                .anyMatch(x -> x == Relationship.NONE);
    }

    /** Followees, followers, users blocked either way, muted users, strangers and the viewer itself. */
    private List<Long> relatedUsers(long viewer) {
        Set<Long> ids = new LinkedHashSet<>();
        ids.add(viewer);
        for (DemoData.Edge e : data().follows()) {
            if (e.from() == viewer || e.to() == viewer) {
                ids.add(e.from() == viewer ? e.to() : e.from());
            }
        }
        for (DemoData.Edge e : data().blocks()) {
            if (e.from() == viewer || e.to() == viewer) {
                ids.add(e.from() == viewer ? e.to() : e.from());
            }
        }
        for (DemoData.Edge e : data().mutes()) {
            if (e.from() == viewer || e.to() == viewer) {
                ids.add(e.from() == viewer ? e.to() : e.from());
            }
        }
        List<Long> users = oracle().userIds();
        for (int i = 0; i < 10; i++) {
            ids.add(users.get(i * users.size() / 10));
        }
        return new ArrayList<>(ids).subList(0, Math.min(ids.size(), 400));
    }

    @Test
    public final void load_for_an_unknown_viewer_delivers_authors_and_no_relationship() {
        long unknown = oracle().unknownUserIds().get(1);
        List<Long> authors = oracle().userIds().subList(0, 50);
        Recorder r = load(unknown, List.of(), authors);
        assertThat(r.authors).hasSize(50);
        assertThat(r.relationships.values()).allMatch(x -> x == Relationship.NONE);
    }

    // ---------------------------------------------------------------- host fields

    @Test
    public final void load_delivers_host_fields_of_posts_exactly_as_stored() {
        List<Post> with = oracle().posts().stream().filter(p -> p.extra() != null).limit(400).toList();
        assertThat(with).hasSize(400);
        assertThat(with.stream().map(Post::extra))
                .anyMatch(e -> e.contains("</script>")).anyMatch(e -> e.indexOf('\u2028') >= 0)
                .anyMatch(e -> e.contains("\\\"")).anyMatch(e -> e.contains("\\u0001"))
                .anyMatch(e -> e.contains("\uD83D\uDE00")).anyMatch(e -> e.contains("null"));
        assertLoadsPosts(with.stream().map(Post::id).toList());
        List<Long> without = oracle().posts().stream().filter(p -> p.extra() == null).limit(100).map(Post::id).toList();
        assertThat(load(data().sampleViewer(), without, List.of()).posts.values()).hasSize(100)
                .allMatch(p -> p.extra() == null);
    }

    @Test
    public final void load_delivers_host_fields_of_users_exactly_as_stored() {
        List<DemoData.User> with = data().users().stream().filter(u -> u.extra() != null).limit(150).toList();
        assertThat(with).hasSizeGreaterThan(100);
        assertThat(with.stream().map(DemoData.User::extra)).contains("{}").anyMatch(e -> e.contains("</script>"));
        Recorder r = load(data().sampleViewer(), List.of(), with.stream().map(DemoData.User::id).toList());
        for (DemoData.User u : with) {
            assertThat(r.authors.get(u.id())).as("user %d", u.id()).isEqualTo(stored(u));
        }
    }

    /**
     * Through an assembler: every item carries its post's and its author's host fields as
     * stored, except one larger than {@code maxExtraBytes}, which is left out whole (never cut).
     */
    @Test
    public final void assembled_items_carry_host_fields_and_leave_out_oversized_ones() {
        // The median size of the data's post extras: about half the posts with host fields keep
        // them and half are left out, whatever the generator draws.
        int bound = medianExtraBytes(data());
        List<FeedItem> items = new ArrayList<>();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(source()).store(store()).timelines(false)
                .prewarm(false).maxExtraBytes(bound).build()) {
            String cursor = null;
            for (int page = 0; page < 8 && (page == 0 || cursor != null); page++) {
                FeedRequest.Builder request = FeedRequest.newBuilder(data().sampleViewer()).limit(50);
                FeedPage p = feeds.assemble(cursor == null ? request.build() : request.cursor(cursor).build());
                items.addAll(p.items());
                cursor = p.nextPage();
            }
        }
        for (FeedItem item : items) {
            String postExtra = oracle().post(item.post().id()).extra();
            assertThat(item.post().extra()).as("extra of post %d", item.post().id()).isEqualTo(within(postExtra, bound));
            String userExtra = oracle().user(item.author().id()).extra();
            assertThat(item.author().extra()).as("extra of user %d", item.author().id())
                    .isEqualTo(within(userExtra, bound));
        }
        assertThat(items).as("items whose post has host fields, kept and left out")
                .anyMatch(i -> i.post().extra() != null)
                .anyMatch(i -> i.post().extra() == null && oracle().post(i.post().id()).extra() != null);
    }

    private static int medianExtraBytes(DemoData data) {
        int[] sizes = data.posts().stream().map(Post::extra).filter(java.util.Objects::nonNull)
                .mapToInt(e -> e.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sorted().toArray();
        assertThat(sizes).as("posts with host fields in the data").isNotEmpty();
        return sizes[sizes.length / 2];
    }

    private static String within(String extra, int bound) {
        return extra == null || extra.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > bound ? null : extra;
    }

    // ---------------------------------------------------------------- assembly: full pages, ranked walks

    /** Extra rounds per page in the assembly tests: the library's default. */
    private static final int ROUNDS = 3;

    /**
     * The source under test plus every hidden post of the viewer's network (deleted, or by an
     * author blocked either way), merged in feed order: a source as stale as it can be.
     */
    private FeedSource leaky() {
        FeedSource real = source();
        return (viewer, after, max, out, deadline) -> {
            Candidates fresh = new Candidates();
            real.candidates(viewer, after, max, fresh, deadline);
            List<Post> hidden = new ArrayList<>();
            for (Post p : oracle().posts()) {
                long a = p.authorId();
                boolean inNetwork = a == viewer || oracle().follows(viewer, a);
                if (inNetwork && (p.deleted() || oracle().relationship(viewer, a).hides())
                        && after.precedes(p.createdAtMicros(), p.id())) {
                    hidden.add(p);
                }
            }
            hidden.sort(FeedOracle.FEED_ORDER);
            int i = 0;
            int h = 0;
            int end = out.size() + max; // a source appends: the timeline source hands it a partly filled buffer
            while (out.size() < end && (i < fresh.size() || h < hidden.size())) {
                boolean takeHidden = i >= fresh.size() || h < hidden.size()
                        && newer(hidden.get(h), fresh.createdAtMicros(i), fresh.postId(i));
                if (takeHidden) {
                    Post p = hidden.get(h++);
                    out.add(p.id(), p.authorId(), p.createdAtMicros());
                } else {
                    out.add(fresh.postId(i), fresh.authorId(i), fresh.createdAtMicros(i));
                    i++;
                }
            }
        };
    }

    private static boolean newer(Post p, long micros, long id) {
        return p.createdAtMicros() > micros || p.createdAtMicros() == micros && p.id() > id;
    }

    /** Viewers with hidden posts in their network, so that pages need extra rounds. */
    private List<Long> viewersWithHiddenPosts() {
        List<Long> out = new ArrayList<>(blockersWhoFollowTheBlocked(2));
        out.addAll(blockedWhoFollowTheBlocker(2));
        out.add(data().sampleViewer());
        return out;
    }

    /** An assembler over the leaky source; with timelines on when the store can feed them (the default). */
    private FeedAssembler assembler(List<FeedStats> stats, boolean timelines) {
        FeedAssembler.Builder b = FeedAssembler.newBuilder().source(leaky()).store(store()).prewarm(false)
                .maxExtraRounds(ROUNDS).rankedWindow(120).listener(stats::add);
        return (timelines ? b : b.timelines(false)).build();
    }

    /** The pages of a walk from {@code first}, each a list of post ids. */
    private static List<List<Long>> pages(FeedAssembler feeds, FeedRequest first) {
        List<List<Long>> pages = new ArrayList<>();
        FeedPage page = feeds.assemble(first);
        for (int i = 0; i < 20_000; i++) {
            pages.add(page.items().stream().map(it -> it.post().id()).toList());
            if (page.nextPage() == null) {
                return pages;
            }
            page = feeds.assemble(FeedRequest.newBuilder(first.viewerId()).limit(first.limit())
                    .cursor(page.nextPage()).build());
        }
        throw new AssertionError("walk of viewer " + first.viewerId() + " did not end");
    }

    private static List<Long> flat(List<List<Long>> pages) {
        return pages.stream().flatMap(List::stream).toList();
    }

    private List<Long> feedIds(long viewer) {
        return oracle().feed(viewer).stream().map(Post::id).toList();
    }

    /** Every page but the last holds {@code limit} items, unless it used up its rounds. */
    private static void assertFull(List<List<Long>> pages, List<FeedStats> stats, int limit, long viewer) {
        assertThat(stats).hasSameSizeAs(pages);
        for (int i = 0; i + 1 < pages.size(); i++) {
            if (stats.get(i).extraRounds() < ROUNDS) {
                assertThat(pages.get(i)).as("page %d of viewer %d by %d, rounds left", i, viewer, limit).hasSize(limit);
            }
        }
    }

    /** Pages of 5 with timelines on (when the store can feed them), pages of 20 with them off. */
    @ParameterizedTest(name = "pages of {0}")
    @ValueSource(ints = {5, 20})
    public final void pages_stay_full_and_walks_exact_when_the_source_returns_posts_the_page_must_drop(int limit) {
        List<FeedStats> stats = new CopyOnWriteArrayList<>();
        try (FeedAssembler feeds = assembler(stats, limit == 5)) {
            for (long viewer : viewersWithHiddenPosts()) {
                stats.clear();
                List<List<Long>> pages = pages(feeds, FeedRequest.newBuilder(viewer).limit(limit).build());
                assertThat(flat(pages)).as("walk of viewer %d by %d over a leaky source", viewer, limit)
                        .containsExactlyElementsOf(feedIds(viewer));
                assertFull(pages, stats, limit, viewer);
            }
            assertThat(stats).as("pages of the sample viewer").anyMatch(st -> st.extraRounds() > 0);
        }
    }

    @Test
    public final void a_ranked_walk_yields_its_window_once_then_the_rest_of_the_feed_in_order() {
        List<FeedStats> stats = new CopyOnWriteArrayList<>();
        try (FeedAssembler feeds = assembler(stats, true)) {
            for (long viewer : viewersWithHiddenPosts()) {
                stats.clear();
                List<Long> want = feedIds(viewer);
                List<List<Long>> pages = pages(feeds, FeedRequest.newBuilder(viewer).limit(20)
                        .mode(FeedRequest.Mode.RANKED).seed(viewer).build());
                List<Long> got = flat(pages);
                assertThat(got).as("ranked walk of viewer %d", viewer).hasSameSizeAs(want).doesNotHaveDuplicates();
                // The window is the 120 newest candidates of the (leaky) source; its visible posts come first.
                Set<Long> window = new java.util.HashSet<>();
                Candidates c = new Candidates();
                leaky().candidates(viewer, Keyset.START, 120, c, Deadline.none());
                for (int i = 0; i < c.size(); i++) {
                    window.add(c.postId(i));
                }
                List<Long> inWindow = want.stream().filter(window::contains).toList();
                int n = inWindow.size();
                assertThat(got.subList(0, n)).containsExactlyInAnyOrderElementsOf(inWindow);
                assertThat(got.subList(n, got.size())).containsExactlyElementsOf(want.subList(n, want.size()));
                assertFull(pages, stats, 20, viewer);
            }
        }
    }
}
