package dev.feedkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.Author;
import dev.feedkit.CacheKey;
import dev.feedkit.CacheTier;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.Media;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/*
 * Writes may be asynchronous (the Redis tier queues them to a writer thread and flushes them in
 * batches), so the suite never asserts right after a put: it waits, up to WRITE_DEADLINE, for what
 * was put to become readable, and for what was invalidated to stop being readable, and then
 * asserts on the whole answer. A synchronous tier (the L1) passes every wait at once.
 *
 * What a tier may do and still pass: forget anything at any time (it is a cache). What it may not:
 * deliver a value for a key that was not asked for, deliver one viewer's relationship to another,
 * deliver a value that differs from what was put, or keep delivering an entry after invalidate.
 */

/**
 * The contract every {@link CacheTier} must meet, as a JUnit 5 abstract test class. A host that
 * writes its own tier extends it and returns a tier from {@link #newTier()}:
 *
 * <pre>{@code
 * final class MyTierContractTest extends CacheTierContract {
 *     @Override protected CacheTier newTier() { return MyTier.connect(testNamespace()); }
 *     @Override protected void close(CacheTier tier) { ((MyTier) tier).close(); }
 * }
 * }</pre>
 *
 * feedkit runs it against its L1 (Caffeine), the Redis tier on one node, and the Redis tier on a
 * 3-master Redis Cluster. Each test gets a new tier from {@link #newTier()}; the tier must start
 * empty, so a shared server needs a fresh key namespace per call.
 */
public abstract class CacheTierContract {
    /** How long a write or an invalidation may take to become visible. */
    protected static final Duration WRITE_DEADLINE = Duration.ofSeconds(5);

    /** Host fields (Post.extra, Author.extra) with text a careless codec breaks. */
    private static final String HOST_FIELDS =
            "{\"poll\": {\"options\": [\"yes\", \"no\"]}, \"s\": \"</script> \u2028 \\\"q\\\" \\u0001 😀 漢字\", \"n\": [1.5, null]}";
    private static final long VIEWER = 17;
    private static final Instant AT = Instant.parse("2026-11-20T10:15:30.123456Z");

    private CacheTier tier;

    /**
     * Returns a new, empty tier for one test.
     *
     * @return the tier under test
     */
    protected abstract CacheTier newTier();

    /**
     * Releases a tier that {@link #newTier()} returned, after its test. The default does nothing.
     *
     * @param tier the tier
     */
    protected void close(CacheTier tier) {
    }

    @BeforeEach
    final void openTier() {
        tier = newTier();
    }

    @AfterEach
    final void closeTier() {
        close(tier);
    }

    // ---------------------------------------------------------------- tests

    @Test
    public void an_empty_tier_delivers_nothing() {
        Entities hits = get(keys(VIEWER, ids(1, 5), ids(1, 3)));
        assertThat(hits.isEmpty()).isTrue();
    }

    /** Posts and authors with even ids carry host fields, which must come back exactly. */
    @Test
    public void posts_authors_and_relationships_come_back_equal_to_what_was_put() {
        List<Post> posts = List.of(post(1, "hello"), post(2, hostileText()), post(3, ""), bigPost(4));
        List<Author> authors = List.of(author(7, "https://cdn.example/a/7.jpg"), author(8, null));
        EntityKeys keys = keys(VIEWER, ids(1, 4), ids(7, 8));
        put(keys, e -> {
            posts.forEach(e::post);
            authors.forEach(e::author);
            e.relationship(7, Relationship.of(true, false, false, false));
            e.relationship(8, Relationship.of(false, true, false, false));
        });

        Entities hits = awaitUntil(keys, e -> e.count() == keys.size());
        for (Post p : posts) {
            assertThat(hits.findPost(p.id())).isEqualTo(p);
        }
        for (Author a : authors) {
            assertThat(hits.findAuthor(a.id())).isEqualTo(a);
        }
        assertThat(hits.findRelationship(7)).isEqualTo(Relationship.of(true, false, false, false));
        assertThat(hits.findRelationship(8)).isEqualTo(Relationship.of(false, true, false, false));
    }

    @Test
    public void every_relationship_flag_combination_round_trips() {
        EntityKeys keys = EntityKeys.of(VIEWER, new long[0], ids(1, 32));
        put(keys, e -> {
            for (int bits = 0; bits < 32; bits++) {
                e.relationship(bits + 1, Relationship.ofBits(bits));
            }
        });
        Entities hits = awaitUntil(keys, e -> e.count(EntityKind.RELATIONSHIP) == 32);
        for (int bits = 0; bits < 32; bits++) {
            assertThat(hits.findRelationship(bits + 1)).as("relationship to %d", bits + 1)
                    .isEqualTo(Relationship.ofBits(bits));
        }
    }

    @Test
    public void absences_are_kept_and_delivered_as_absent() {
        EntityKeys keys = keys(VIEWER, ids(40, 41), ids(50, 50));
        put(keys, e -> {
            e.absent(EntityKind.POST, 40);
            e.absent(EntityKind.POST, 41);
            e.absent(EntityKind.AUTHOR, 50);
        });
        Entities hits = awaitUntil(keys, e -> e.isAbsent(EntityKind.POST, 40) && e.isAbsent(EntityKind.POST, 41)
                && e.isAbsent(EntityKind.AUTHOR, 50));
        assertThat(hits.isAbsent(EntityKind.POST, 40)).isTrue();
        assertThat(hits.isAbsent(EntityKind.POST, 41)).isTrue();
        assertThat(hits.isAbsent(EntityKind.AUTHOR, 50)).isTrue();
        assertThat(hits.findPost(40)).isNull();
    }

    @Test
    public void only_the_keys_asked_for_are_delivered() {
        EntityKeys all = keys(VIEWER, ids(1, 10), ids(20, 25));
        putPostsAuthorsAndRelationships(all);
        awaitDelivered(all, all.size());

        EntityKeys some = keys(VIEWER, new long[] {2, 5, 99}, new long[] {21, 98});
        Entities hits = get(some);
        assertThat(hits.count(EntityKind.POST)).isEqualTo(2);
        assertThat(hits.findPost(2)).isNotNull();
        assertThat(hits.findPost(5)).isNotNull();
        assertThat(hits.findPost(99)).isNull();
        assertThat(hits.count(EntityKind.AUTHOR)).isEqualTo(1);
        assertThat(hits.count(EntityKind.RELATIONSHIP)).isEqualTo(1);
    }

    @Test
    public void a_relationship_is_delivered_only_to_its_viewer() {
        EntityKeys mine = keys(VIEWER, new long[0], ids(30, 31));
        put(mine, e -> {
            e.relationship(30, Relationship.of(true, true, false, false));
            e.relationship(31, Relationship.of(true, false, false, false));
        });
        awaitDelivered(mine, 2);

        Entities other = get(keys(VIEWER + 1, new long[0], ids(30, 31)));
        assertThat(other.count(EntityKind.RELATIONSHIP)).isZero();
    }

    @Test
    public void invalidate_drops_exactly_one_entry() {
        EntityKeys keys = keys(VIEWER, ids(1, 3), ids(7, 8));
        putPostsAuthorsAndRelationships(keys);
        awaitDelivered(keys, keys.size());

        tier.invalidate(CacheKey.post(2));
        tier.invalidate(CacheKey.author(7));
        tier.invalidate(CacheKey.relationship(VIEWER, 8));
        Entities hits = awaitUntil(keys, e -> e.findPost(2) == null && e.findAuthor(7) == null
                && e.findRelationship(8) == null);

        assertThat(hits.findPost(1)).isNotNull();
        assertThat(hits.findPost(3)).isNotNull();
        assertThat(hits.findAuthor(8)).isNotNull();
        assertThat(hits.findRelationship(7)).isNotNull();
    }

    @Test
    public void a_later_put_replaces_an_earlier_one() {
        EntityKeys keys = keys(VIEWER, ids(1, 1), ids(7, 7));
        put(keys, e -> {
            e.post(post(1, "before"));
            e.author(author(7, null));
        });
        awaitDelivered(keys, 2);
        put(keys, e -> {
            e.post(post(1, "after"));
            e.author(author(7, "https://cdn.example/a/7-new.jpg"));
        });

        Entities hits = awaitUntil(keys, e -> e.findPost(1) != null && "after".equals(e.findPost(1).body())
                && e.findAuthor(7) != null && e.findAuthor(7).avatarUrl() != null);
        assertThat(hits.findAuthor(7).avatarUrl()).isEqualTo("https://cdn.example/a/7-new.jpg");
    }

    /**
     * After an invalidation the old value must never come back. A tier may refuse fills for a
     * while after it (the Redis tier keeps a short tombstone so that a write queued before the
     * invalidation cannot restore the old value), so the new value need not appear at once.
     */
    @Test
    public void an_invalidated_value_never_comes_back() {
        EntityKeys keys = keys(VIEWER, ids(1, 1), new long[0]);
        put(keys, e -> e.post(post(1, "before")));
        awaitDelivered(keys, 1);
        tier.invalidate(CacheKey.post(1));
        awaitUntil(keys, e -> e.findPost(1) == null);
        put(keys, e -> e.post(post(1, "after")));

        long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (System.nanoTime() - until < 0) {
            Post p = get(keys).findPost(1);
            assertThat(p == null || "after".equals(p.body())).as("delivered after invalidate: %s", p).isTrue();
            sleepBriefly();
        }
    }

    @Test
    public void a_large_batch_round_trips_in_one_call() {
        EntityKeys keys = keys(VIEWER, ids(1_000, 1_499), ids(5_000, 5_199));
        putPostsAuthorsAndRelationships(keys);
        Entities hits = awaitDelivered(keys, keys.size());
        assertThat(hits.count(EntityKind.POST)).isEqualTo(500);
        assertThat(hits.findPost(1_234)).isEqualTo(post(1_234, "post 1234"));
    }

    @Test
    public void pre_warmed_entries_with_a_ttl_multiplier_are_kept_too() {
        EntityKeys keys = keys(VIEWER, ids(1, 2), new long[0]);
        Entities batch = Entities.of(keys);
        batch.post(post(1, "one"));
        batch.post(post(2, "two"));
        tier.putAll(batch, 8);
        assertThat(awaitDelivered(keys, 2).findPost(2)).isEqualTo(post(2, "two"));
    }

    @Test
    public void concurrent_readers_see_only_values_that_were_put() throws Exception {
        int threads = 4;
        long[] everyThreadsPosts = LongStream.rangeClosed(1, threads)
                .flatMap(t -> LongStream.rangeClosed(10_000L * t, 10_000L * t + 19)).toArray();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = 10_000L * (t + 1);
                done.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        EntityKeys keys = keys(VIEWER, ids(base, base + 19), ids(base, base + 4));
                        putPostsAuthorsAndRelationships(keys);
                        Entities hits = get(keys(VIEWER, everyThreadsPosts, new long[0]));
                        for (int i = 0; i < hits.keys().size(EntityKind.POST); i++) {
                            Object v = hits.valueAt(EntityKind.POST, i);
                            if (v instanceof Post) {
                                Post p = (Post) v;
                                assertThat(p).isEqualTo(post(p.id(), "post " + p.id()));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Returns what the tier delivers for {@code keys} now.
     *
     * @param keys what to ask for
     * @return the tier's hits, aligned with {@code keys}
     */
    protected final Entities get(EntityKeys keys) {
        Entities hits = Entities.of(keys);
        tier.getAll(keys, hits);
        return hits;
    }

    private void put(EntityKeys keys, java.util.function.Consumer<Entities> fill) {
        Entities batch = Entities.of(keys);
        fill.accept(batch);
        tier.putAll(batch, 1);
    }

    private void putPostsAuthorsAndRelationships(EntityKeys keys) {
        put(keys, e -> {
            for (int i = 0; i < keys.size(EntityKind.POST); i++) {
                long id = keys.id(EntityKind.POST, i);
                e.post(post(id, "post " + id));
            }
            for (int i = 0; i < keys.size(EntityKind.AUTHOR); i++) {
                e.author(author(keys.id(EntityKind.AUTHOR, i), null));
            }
            for (int i = 0; i < keys.size(EntityKind.RELATIONSHIP); i++) {
                long author = keys.id(EntityKind.RELATIONSHIP, i);
                e.relationship(author, Relationship.of(author % 2 == 0, author % 3 == 0, false, false));
            }
        });
    }

    private Entities awaitDelivered(EntityKeys keys, int count) {
        return awaitUntil(keys, e -> e.count() >= count);
    }

    /** Reads {@code keys} until {@code done} holds of the answer, or fails after WRITE_DEADLINE. */
    private Entities awaitUntil(EntityKeys keys, Predicate<Entities> done) {
        long deadline = System.nanoTime() + WRITE_DEADLINE.toNanos();
        Entities hits = get(keys);
        while (!done.test(hits)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the tier did not reach the expected state within " + WRITE_DEADLINE
                        + "; it delivers " + hits);
            }
            Thread.onSpinWait();
            sleepBriefly();
            hits = get(keys);
        }
        return hits;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static EntityKeys keys(long viewer, long[] posts, long[] authors) {
        return EntityKeys.of(viewer, posts, authors);
    }

    private static long[] ids(long from, long to) {
        return LongStream.rangeClosed(from, to).toArray();
    }

    private static Post post(long id, String body) {
        List<Media> media = id % 2 == 0
                ? List.of(new Media(Media.Kind.IMAGE, "https://cdn.example/m/" + id + ".jpg", 1080, 1350),
                        new Media(Media.Kind.VIDEO, "https://cdn.example/v/" + id + ".mp4", null, null))
                : List.of();
        List<String> tags = id % 3 == 0 ? List.of("java", "perf") : List.of();
        return new Post(id, 7, body, AT.plusNanos(id * 1_000), null, (int) id, 2, media, tags,
                id % 2 == 0 ? HOST_FIELDS : null);
    }


    private static Post bigPost(long id) {
        return new Post(id, 8, "x".repeat(20_000), AT, AT.plusSeconds(60), 0, 0, List.of(), List.of("big"));
    }

    private static Author author(long id, String avatar) {
        return new Author(id, "user" + id, "User \"" + id + "\" ✓", avatar, id % 2 == 0, id % 2 == 0 ? HOST_FIELDS : null);
    }

    /** Text a careless codec breaks: quotes, backslashes, controls, U+2028/9, emoji, non-Latin. */
    private static String hostileText() {
        return "\"quoted\" \\ back\nline\ttab\u0001 \u2028\u2029 😀 </script> ünïcødé 漢字";
    }
}
