package dev.feedkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.Keyset;
import dev.feedkit.TimelineStore;
import dev.feedkit.TimelineStore.Read;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TimelineStore} must meet: feed order with ties on {@code created_at}
 * broken by id, keyset continuation, the capacity, missing versus empty, rebuilds that keep the
 * pushes made meanwhile, merges, removals, drops and concurrent pushes; and, over random
 * interleavings, that a walk of the timeline continued in the source past its end is exactly the
 * feed.
 *
 * <p>To run it against an implementation, extend it and return a new, empty store from
 * {@link #newStore(int)}; the suite closes every store it made after each test.
 *
 * <pre>{@code
 * final class RedisTimelineStoreContractTest extends TimelineStoreContract {
 *     @Override protected TimelineStore newStore(int capacity) {
 *         return RedisTimelines.newBuilder().client(client).keyPrefix(uniquePrefix()).capacity(capacity).build();
 *     }
 * }
 * }</pre>
 */
public abstract class TimelineStoreContract {
    private static final long T0 = 1_790_000_000_000_000L;
    private final List<TimelineStore> made = new ArrayList<>();

    /**
     * Returns a new store holding no timeline, whose timelines keep {@code capacity} entries.
     *
     * @param capacity entries per timeline
     * @return the store
     */
    protected abstract TimelineStore newStore(int capacity);

    private TimelineStore store(int capacity) {
        TimelineStore s = newStore(capacity);
        made.add(s);
        assertThat(s.capacity()).isEqualTo(capacity);
        return s;
    }

    @AfterEach
    final void closeStores() {
        made.forEach(TimelineStore::close);
        made.clear();
    }

    // ---------------------------------------------------------------- helpers

    /** One timeline entry as a value, ordered newest first. */
    record Entry(long postId, long authorId, long createdAtMicros) {
        static final Comparator<Entry> NEWEST_FIRST = Comparator.comparingLong(Entry::createdAtMicros)
                .thenComparingLong(Entry::postId).reversed();

        Keyset keyset() {
            return new Keyset(createdAtMicros, postId);
        }
    }

    /** What one read gave. */
    record Page(Read read, List<Entry> entries) {
    }

    private static Page read(TimelineStore s, long viewer, Keyset after, int max) {
        Candidates out = new Candidates();
        Read r = s.read(viewer, after, max, out, Deadline.none());
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            entries.add(new Entry(out.postId(i), out.authorId(i), out.createdAtMicros(i)));
        }
        return new Page(r, entries);
    }

    /** Reads pages of {@code limit} until the timeline says the feed ends or goes on in the source. */
    private static Page walk(TimelineStore s, long viewer, int limit) {
        List<Entry> all = new ArrayList<>();
        Keyset after = Keyset.START;
        while (true) {
            Page p = read(s, viewer, after, limit);
            all.addAll(p.entries());
            if (p.read() != Read.HIT || p.entries().size() < limit) {
                return new Page(p.read(), all);
            }
            after = p.entries().get(p.entries().size() - 1).keyset();
        }
    }

    private static Candidates candidates(List<Entry> entries) {
        Candidates c = new Candidates(Math.max(1, entries.size()));
        for (Entry e : entries) {
            c.add(e.postId(), e.authorId(), e.createdAtMicros());
        }
        return c;
    }

    private static void rebuild(TimelineStore s, long viewer, List<Entry> entries, boolean complete) {
        assertThat(s.startRebuild(viewer)).as("start rebuilding viewer %d", viewer).isTrue();
        assertThat(s.finishRebuild(viewer, candidates(entries), complete)).as("finish rebuilding viewer %d", viewer)
                .isTrue();
    }

    private static void push(TimelineStore s, Entry e, long... viewers) {
        s.push(e.postId(), e.authorId(), e.createdAtMicros(), viewers, viewers.length);
    }

    private static List<Entry> newestFirst(List<Entry> entries) {
        return entries.stream().sorted(Entry.NEWEST_FIRST).toList();
    }

    /** Entries with many ties on created_at, ids that cross byte boundaries, and extreme values. */
    private static List<Entry> awkwardEntries() {
        List<Entry> e = new ArrayList<>();
        long[] ids = {0, 1, 255, 256, 65_535, 65_536, 1L << 32, (1L << 40) + 7, Long.MAX_VALUE};
        for (int i = 0; i < ids.length; i++) {
            e.add(new Entry(ids[i], 10 + i % 3, T0));
        }
        e.add(new Entry(12, 11, 0));
        e.add(new Entry(13, 11, Long.MAX_VALUE));
        e.add(new Entry(14, Long.MAX_VALUE, T0 - 1));
        e.add(new Entry(15, 0, T0 + 1));
        e.add(new Entry(16, 12, T0 + 256));
        return e;
    }

    // ---------------------------------------------------------------- missing, empty, order

    @Test
    public final void a_viewer_without_a_timeline_reads_as_missing() {
        TimelineStore s = store(10);
        assertThat(read(s, 1, Keyset.START, 21)).isEqualTo(new Page(Read.MISSING, List.of()));
    }

    @Test
    public final void a_timeline_rebuilt_from_no_entries_reads_as_empty_not_missing() {
        TimelineStore s = store(10);
        rebuild(s, 1, List.of(), true);
        assertThat(read(s, 1, Keyset.START, 21)).isEqualTo(new Page(Read.HIT, List.of()));
        assertThat(read(s, 2, Keyset.START, 21).read()).as("another viewer").isEqualTo(Read.MISSING);
    }

    @Test
    public final void a_push_to_a_viewer_without_a_timeline_leaves_it_missing() {
        TimelineStore s = store(10);
        rebuild(s, 1, List.of(), true);
        push(s, new Entry(5, 9, T0), 1, 2);
        assertThat(read(s, 1, Keyset.START, 21).entries()).containsExactly(new Entry(5, 9, T0));
        assertThat(read(s, 2, Keyset.START, 21).read()).isEqualTo(Read.MISSING);
    }

    @Test
    public final void entries_read_newest_first_with_ties_on_created_at_broken_by_id() {
        TimelineStore s = store(100);
        rebuild(s, 1, List.of(), true);
        List<Entry> entries = new ArrayList<>(awkwardEntries());
        Collections.shuffle(entries, new Random(3));
        for (Entry e : entries) {
            push(s, e, 1);
        }
        assertThat(read(s, 1, Keyset.START, 100)).isEqualTo(new Page(Read.HIT, newestFirst(entries)));
    }

    @Test
    public final void pages_continue_strictly_after_any_keyset_position() {
        TimelineStore s = store(100);
        List<Entry> want = newestFirst(awkwardEntries());
        rebuild(s, 1, want, true);
        for (int limit : new int[] {1, 2, 3, 7, 100}) {
            assertThat(walk(s, 1, limit)).as("walk by pages of %d", limit).isEqualTo(new Page(Read.HIT, want));
        }
        for (Entry e : want) {
            long m = e.createdAtMicros();
            long id = e.postId();
            for (Keyset k : List.of(new Keyset(m, id), new Keyset(m, id - 1), new Keyset(m, id == Long.MAX_VALUE ? id : id + 1),
                    new Keyset(m, 0), new Keyset(m, Long.MAX_VALUE), new Keyset(m - 1, Long.MAX_VALUE), new Keyset(-1, 5))) {
                List<Entry> after = want.stream().filter(x -> k.precedes(x.createdAtMicros(), x.postId())).toList();
                assertThat(read(s, 1, k, 100).entries()).as("after %s", k).isEqualTo(after);
            }
        }
    }

    @Test
    public final void a_read_appends_at_most_max_entries() {
        TimelineStore s = store(100);
        rebuild(s, 1, awkwardEntries(), true);
        for (int max = 1; max < 5; max++) {
            assertThat(read(s, 1, Keyset.START, max)).as("max %d", max)
                    .isEqualTo(new Page(Read.HIT, newestFirst(awkwardEntries()).subList(0, max)));
        }
    }

    // ---------------------------------------------------------------- capacity and truncation

    @Test
    public final void a_timeline_keeps_its_capacity_of_newest_entries_and_then_ends_truncated() {
        TimelineStore s = store(5);
        rebuild(s, 1, List.of(), true);
        List<Entry> pushed = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Entry e = new Entry(100 + i, 7, T0 + i / 2);
            pushed.add(e);
            push(s, e, 1);
        }
        List<Entry> newest = newestFirst(pushed).subList(0, 5);
        assertThat(read(s, 1, Keyset.START, 5)).isEqualTo(new Page(Read.HIT, newest));
        assertThat(read(s, 1, Keyset.START, 6)).isEqualTo(new Page(Read.TRUNCATED, newest));
        assertThat(read(s, 1, newest.get(4).keyset(), 6)).isEqualTo(new Page(Read.TRUNCATED, List.of()));
    }

    @Test
    public final void a_complete_timeline_ends_with_a_hit() {
        TimelineStore s = store(5);
        List<Entry> three = List.of(new Entry(3, 1, T0 + 3), new Entry(2, 1, T0 + 2), new Entry(1, 1, T0 + 1));
        rebuild(s, 1, three, true);
        assertThat(read(s, 1, Keyset.START, 20)).isEqualTo(new Page(Read.HIT, three));
        assertThat(read(s, 1, three.get(2).keyset(), 20)).isEqualTo(new Page(Read.HIT, List.of()));
    }

    @Test
    public final void a_rebuild_from_more_than_its_capacity_keeps_the_newest_and_is_truncated() {
        TimelineStore s = store(3);
        List<Entry> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(new Entry(i, 1, T0 + i));
        }
        rebuild(s, 1, five, true);
        assertThat(read(s, 1, Keyset.START, 10)).isEqualTo(new Page(Read.TRUNCATED, newestFirst(five).subList(0, 3)));
    }

    @Test
    public final void a_push_older_than_a_truncated_timelines_oldest_entry_is_left_to_the_source() {
        TimelineStore s = store(10);
        List<Entry> newest = List.of(new Entry(20, 1, T0 + 20), new Entry(10, 1, T0 + 10));
        rebuild(s, 1, newest, false);
        push(s, new Entry(5, 2, T0 + 5), 1);
        push(s, new Entry(9, 2, T0 + 10), 1);
        push(s, new Entry(15, 2, T0 + 15), 1);
        assertThat(read(s, 1, Keyset.START, 10)).isEqualTo(new Page(Read.TRUNCATED,
                List.of(new Entry(20, 1, T0 + 20), new Entry(15, 2, T0 + 15), new Entry(10, 1, T0 + 10))));
    }

    // ---------------------------------------------------------------- rebuilds

    @Test
    public final void a_timeline_being_rebuilt_reads_as_missing_and_keeps_the_pushes_made_meanwhile() {
        TimelineStore s = store(10);
        assertThat(s.startRebuild(1)).isTrue();
        assertThat(s.startRebuild(1)).as("a second start while one is under way").isTrue();
        push(s, new Entry(30, 2, T0 + 30), 1);
        assertThat(read(s, 1, Keyset.START, 10).read()).isEqualTo(Read.MISSING);
        List<Entry> fromDatabase = List.of(new Entry(20, 3, T0 + 20), new Entry(10, 3, T0 + 10));
        assertThat(s.finishRebuild(1, candidates(fromDatabase), true)).isTrue();
        assertThat(read(s, 1, Keyset.START, 10)).isEqualTo(new Page(Read.HIT,
                List.of(new Entry(30, 2, T0 + 30), new Entry(20, 3, T0 + 20), new Entry(10, 3, T0 + 10))));
    }

    @Test
    public final void an_incomplete_rebuild_keeps_nothing_older_than_its_oldest_entry() {
        TimelineStore s = store(10);
        assertThat(s.startRebuild(1)).isTrue();
        push(s, new Entry(5, 2, T0 + 5), 1);
        push(s, new Entry(30, 2, T0 + 30), 1);
        List<Entry> fromDatabase = List.of(new Entry(20, 3, T0 + 20), new Entry(10, 3, T0 + 10));
        assertThat(s.finishRebuild(1, candidates(fromDatabase), false)).isTrue();
        assertThat(read(s, 1, Keyset.START, 10)).isEqualTo(new Page(Read.TRUNCATED,
                List.of(new Entry(30, 2, T0 + 30), new Entry(20, 3, T0 + 20), new Entry(10, 3, T0 + 10))));
    }

    @Test
    public final void a_rebuild_of_a_viewer_that_has_a_timeline_is_refused() {
        TimelineStore s = store(10);
        rebuild(s, 1, List.of(new Entry(1, 1, T0)), true);
        assertThat(s.startRebuild(1)).isFalse();
        assertThat(s.finishRebuild(1, candidates(List.of(new Entry(2, 1, T0 + 1))), true)).isFalse();
        assertThat(read(s, 1, Keyset.START, 10).entries()).containsExactly(new Entry(1, 1, T0));
    }

    @Test
    public final void finishing_a_rebuild_that_was_never_started_or_was_dropped_changes_nothing() {
        TimelineStore s = store(10);
        Candidates one = candidates(List.of(new Entry(1, 1, T0)));
        assertThat(s.finishRebuild(1, one, true)).as("never started").isFalse();
        assertThat(s.startRebuild(1)).isTrue();
        s.drop(1);
        assertThat(s.finishRebuild(1, one, true)).as("dropped meanwhile").isFalse();
        assertThat(s.startRebuild(1)).isTrue();
        s.removeAuthor(1, 7);
        assertThat(s.finishRebuild(1, one, true)).as("an author removed meanwhile").isFalse();
        assertThat(s.startRebuild(1)).isTrue();
        assertThat(s.merge(1, one, true)).as("a merge during a rebuild").isFalse();
        assertThat(s.finishRebuild(1, one, true)).as("merged meanwhile").isFalse();
        assertThat(read(s, 1, Keyset.START, 10).read()).isEqualTo(Read.MISSING);
    }

    // ---------------------------------------------------------------- merge

    @Test
    public final void a_merge_of_all_of_an_authors_posts_adds_them_all() {
        TimelineStore s = store(10);
        rebuild(s, 1, List.of(new Entry(20, 1, T0 + 20), new Entry(10, 1, T0 + 10)), true);
        List<Entry> followee = List.of(new Entry(25, 5, T0 + 25), new Entry(1, 5, T0 + 1));
        assertThat(s.merge(1, candidates(followee), true)).isTrue();
        assertThat(read(s, 1, Keyset.START, 10)).isEqualTo(new Page(Read.HIT, List.of(new Entry(25, 5, T0 + 25),
                new Entry(20, 1, T0 + 20), new Entry(10, 1, T0 + 10), new Entry(1, 5, T0 + 1))));
    }

    @Test
    public final void a_merge_of_an_authors_newest_posts_cuts_the_timeline_at_the_oldest_of_them() {
        TimelineStore s = store(10);
        rebuild(s, 1, List.of(new Entry(20, 1, T0 + 20), new Entry(10, 1, T0 + 10)), true);
        List<Entry> followee = List.of(new Entry(25, 5, T0 + 25), new Entry(15, 5, T0 + 15));
        assertThat(s.merge(1, candidates(followee), false)).isTrue();
        assertThat(read(s, 1, Keyset.START, 10)).isEqualTo(new Page(Read.TRUNCATED,
                List.of(new Entry(25, 5, T0 + 25), new Entry(20, 1, T0 + 20), new Entry(15, 5, T0 + 15))));
    }

    @Test
    public final void a_merge_into_a_truncated_timeline_keeps_nothing_below_its_oldest_entry() {
        TimelineStore s = store(10);
        rebuild(s, 1, List.of(new Entry(20, 1, T0 + 20), new Entry(10, 1, T0 + 10)), false);
        assertThat(s.merge(1, candidates(List.of(new Entry(15, 5, T0 + 15), new Entry(5, 5, T0 + 5))), true)).isTrue();
        assertThat(read(s, 1, Keyset.START, 10)).isEqualTo(new Page(Read.TRUNCATED,
                List.of(new Entry(20, 1, T0 + 20), new Entry(15, 5, T0 + 15), new Entry(10, 1, T0 + 10))));
    }

    @Test
    public final void a_merge_into_a_viewer_without_a_timeline_is_refused() {
        TimelineStore s = store(10);
        assertThat(s.merge(1, candidates(List.of(new Entry(1, 1, T0))), true)).isFalse();
        assertThat(read(s, 1, Keyset.START, 10).read()).isEqualTo(Read.MISSING);
    }

    // ---------------------------------------------------------------- removals and drops

    @Test
    public final void removing_an_author_removes_only_that_authors_entries_of_that_viewer() {
        TimelineStore s = store(10);
        List<Entry> mixed = List.of(new Entry(4, 7, T0 + 4), new Entry(3, 8, T0 + 3), new Entry(2, 7, T0 + 2),
                new Entry(1, 8, T0 + 1));
        rebuild(s, 1, mixed, true);
        rebuild(s, 2, mixed, true);
        s.removeAuthor(1, 7);
        assertThat(read(s, 1, Keyset.START, 10)).isEqualTo(new Page(Read.HIT,
                List.of(new Entry(3, 8, T0 + 3), new Entry(1, 8, T0 + 1))));
        assertThat(read(s, 2, Keyset.START, 10).entries()).isEqualTo(mixed);
        s.removeAuthor(3, 7);
        assertThat(read(s, 3, Keyset.START, 10).read()).as("no timeline to remove from").isEqualTo(Read.MISSING);
    }

    @Test
    public final void a_truncated_timeline_that_loses_its_last_entry_is_dropped_but_a_complete_one_stays_empty() {
        TimelineStore s = store(10);
        rebuild(s, 1, List.of(new Entry(1, 7, T0)), false);
        rebuild(s, 2, List.of(new Entry(1, 7, T0)), true);
        s.removeAuthor(1, 7);
        s.removeAuthor(2, 7);
        assertThat(read(s, 1, Keyset.START, 10).read()).isEqualTo(Read.MISSING);
        assertThat(read(s, 2, Keyset.START, 10)).isEqualTo(new Page(Read.HIT, List.of()));
        rebuild(s, 3, List.of(new Entry(1, 7, T0)), false);
        s.removePost(1, 7, T0, new long[] {3}, 1);
        assertThat(read(s, 3, Keyset.START, 10).read()).isEqualTo(Read.MISSING);
    }

    @Test
    public final void removing_a_post_removes_it_from_the_given_viewers_only() {
        TimelineStore s = store(10);
        List<Entry> two = List.of(new Entry(2, 7, T0 + 2), new Entry(1, 7, T0 + 1));
        for (long v = 1; v <= 3; v++) {
            rebuild(s, v, two, true);
        }
        s.removePost(2, 7, T0 + 2, new long[] {1, 2, 3}, 2);
        assertThat(read(s, 1, Keyset.START, 10).entries()).containsExactly(new Entry(1, 7, T0 + 1));
        assertThat(read(s, 2, Keyset.START, 10).entries()).containsExactly(new Entry(1, 7, T0 + 1));
        assertThat(read(s, 3, Keyset.START, 10).entries()).isEqualTo(two);
    }

    @Test
    public final void a_dropped_timeline_reads_as_missing() {
        TimelineStore s = store(10);
        rebuild(s, 1, List.of(new Entry(1, 7, T0)), true);
        s.drop(1);
        s.drop(2);
        assertThat(read(s, 1, Keyset.START, 10).read()).isEqualTo(Read.MISSING);
    }

    @Test
    public final void writes_applied_twice_leave_the_same_timeline() {
        TimelineStore s = store(10);
        rebuild(s, 1, List.of(new Entry(1, 7, T0)), true);
        for (int i = 0; i < 2; i++) {
            push(s, new Entry(2, 8, T0 + 2), 1);
            s.merge(1, candidates(List.of(new Entry(3, 9, T0 + 3))), true);
            s.removePost(1, 7, T0, new long[] {1}, 1);
        }
        assertThat(read(s, 1, Keyset.START, 10)).isEqualTo(new Page(Read.HIT,
                List.of(new Entry(3, 9, T0 + 3), new Entry(2, 8, T0 + 2))));
    }

    @Test
    public final void bad_arguments_are_refused_with_a_message_that_names_them() {
        TimelineStore s = store(10);
        assertThatThrownBy(() -> s.push(-1, 1, T0, new long[] {1}, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-negative").hasMessageContaining("post -1");
        assertThatThrownBy(() -> s.push(1, 1, T0, new long[] {1}, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("viewerCount must be between 0 and 1 (the length of viewerIds), was 2");
        assertThatThrownBy(() -> s.read(1, Keyset.START, 0, new Candidates(), Deadline.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("max must be at least 1, was 0");
        assertThat(s.startRebuild(1)).isTrue();
        assertThatThrownBy(() -> s.finishRebuild(1, new Candidates(), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("entries must not be empty when they are not complete");
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    public final void concurrent_pushes_leave_each_timeline_with_the_newest_entries_pushed_to_it() throws Exception {
        int capacity = 50;
        TimelineStore s = store(capacity);
        long[] viewers = {1, 2, 3, 4, 5, 6};
        for (long v : viewers) {
            rebuild(s, v, List.of(), true);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        long post = thread * 1_000L + i;
                        s.push(post, thread, T0 + i, viewers, 2 + (i + thread) % 5);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int v = 0; v < viewers.length; v++) {
            List<Entry> want = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                for (int i = 0; i < 60; i++) {
                    int count = 2 + (i + thread) % 5;
                    if (v < count) {
                        want.add(new Entry(thread * 1_000L + i, thread, T0 + i));
                    }
                }
            }
            List<Entry> newest = newestFirst(want);
            Page page = read(s, viewers[v], Keyset.START, capacity + 1);
            assertThat(page.entries()).as("timeline of viewer %d", viewers[v])
                    .isEqualTo(newest.subList(0, Math.min(capacity, newest.size())));
        }
    }

    // ---------------------------------------------------------------- random interleavings

    /**
     * Runs random publishes, deletes, follows, unfollows, drops and rebuilds (whose database read
     * happens at the start and whose end comes some steps later) against the store and a plain
     * model of the feeds, and checks after each step that reading each viewer's timeline,
     * continued in the model's feed past a truncated end (as the read path will) and without
     * deleted posts (as the read-time filter does), yields exactly the feed.
     */
    @Test
    public final void a_timeline_continued_in_the_source_is_always_exactly_the_feed() {
        for (long seed = 1; seed <= 4; seed++) {
            new Interleaving(store(8), new Random(seed)).run(300);
        }
    }

    /** The model: authors' posts and who follows whom; a viewer's feed is its followees' posts. */
    private static final class Interleaving {
        private static final int USERS = 6;
        private final TimelineStore s;
        private final Random r;
        private final Map<Long, TreeSet<Entry>> posts = new HashMap<>();
        private final Map<Long, TreeSet<Long>> following = new HashMap<>();
        private final Map<Long, Rebuild> rebuilds = new HashMap<>();
        private final Set<Long> deleted = new HashSet<>();
        private long nextPost = 1;

        Interleaving(TimelineStore s, Random r) {
            this.s = s;
            this.r = r;
            for (long u = 0; u < USERS; u++) {
                posts.put(u, new TreeSet<>(Entry.NEWEST_FIRST));
                following.put(u, new TreeSet<>());
            }
        }

        void run(int steps) {
            for (int step = 0; step < steps; step++) {
                long a = r.nextInt(USERS);
                long b = r.nextInt(USERS);
                switch (r.nextInt(8)) {
                    case 0, 1 -> publish(a);
                    case 2 -> delete(a);
                    case 3 -> follow(a, b);
                    case 4 -> unfollow(a, b);
                    case 5 -> s.drop(a);
                    case 6 -> startRebuild(a, 1 + r.nextInt(12));
                    default -> finishRebuild(a);
                }
                for (long v = 0; v < USERS; v++) {
                    check(v, step);
                }
            }
        }

        private List<Long> followers(long author) {
            return following.entrySet().stream().filter(e -> e.getValue().contains(author)).map(Map.Entry::getKey)
                    .toList();
        }

        private List<Entry> feed(long viewer) {
            TreeSet<Entry> all = new TreeSet<>(Entry.NEWEST_FIRST);
            following.get(viewer).forEach(a -> all.addAll(posts.get(a)));
            return List.copyOf(all);
        }

        private void publish(long author) {
            Entry e = new Entry(nextPost++, author, T0 + r.nextInt(40));
            posts.get(author).add(e);
            long[] to = followers(author).stream().mapToLong(Long::longValue).toArray();
            s.push(e.postId(), author, e.createdAtMicros(), to, to.length);
        }

        private void delete(long author) {
            if (posts.get(author).isEmpty()) {
                return;
            }
            Entry e = new ArrayList<>(posts.get(author)).get(r.nextInt(posts.get(author).size()));
            posts.get(author).remove(e);
            deleted.add(e.postId());
            long[] from = followers(author).stream().mapToLong(Long::longValue).toArray();
            s.removePost(e.postId(), author, e.createdAtMicros(), from, from.length);
        }

        private void follow(long viewer, long author) {
            if (viewer == author || !following.get(viewer).add(author)) {
                return;
            }
            int m = 1 + r.nextInt(4);
            List<Entry> recent = posts.get(author).stream().limit(m).toList();
            s.merge(viewer, candidates(recent), posts.get(author).size() <= m);
        }

        private void unfollow(long viewer, long author) {
            if (following.get(viewer).remove(author)) {
                s.removeAuthor(viewer, author);
            }
        }

        /** Starts a rebuild and reads the feed at once, as a rebuild reads the database; finishes later. */
        private void startRebuild(long viewer, int max) {
            if (!s.startRebuild(viewer)) {
                return;
            }
            List<Entry> feed = feed(viewer);
            rebuilds.put(viewer, new Rebuild(List.copyOf(feed.subList(0, Math.min(max, feed.size()))), feed.size() <= max));
        }

        private void finishRebuild(long viewer) {
            Rebuild b = rebuilds.remove(viewer);
            if (b != null) {
                s.finishRebuild(viewer, candidates(b.newest()), b.complete());
            }
        }

        private record Rebuild(List<Entry> newest, boolean complete) {
        }

        private void check(long viewer, int step) {
            List<Entry> feed = feed(viewer);
            Page p = walk(s, viewer, 1 + r.nextInt(4));
            if (p.read() == Read.MISSING) {
                return;
            }
            List<Entry> got = new ArrayList<>(p.entries());
            if (p.read() == Read.TRUNCATED) {
                Keyset after = got.isEmpty() ? Keyset.START : got.get(got.size() - 1).keyset();
                feed.stream().filter(e -> after.precedes(e.createdAtMicros(), e.postId())).forEach(got::add);
            }
            got.removeIf(e -> deleted.contains(e.postId())); // the read-time filter; a rebuild may predate a delete
            assertThat(got).as("viewer %d after step %d", viewer, step).isEqualTo(feed);
        }
    }
}
