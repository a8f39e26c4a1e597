package dev.feedkit.testkit;

import dev.feedkit.Keyset;
import dev.feedkit.Post;

import java.util.Arrays;

/**
 * One author's live (not deleted) posts, newest first by {@code (createdAtMicros, id)}: an
 * immutable snapshot that writers replace. Holds primitives only, so the merge reads no objects.
 */
final class MemoryTimeline {
    static final MemoryTimeline EMPTY = new MemoryTimeline(new long[0], new long[0]);

    private final long[] micros;
    private final long[] ids;

    private MemoryTimeline(long[] micros, long[] ids) {
        this.micros = micros;
        this.ids = ids;
    }

    /**
     * Builds a timeline from live posts in any order.
     *
     * @param posts posts of one author, none deleted
     * @param count how many of {@code posts} to use
     * @return the timeline
     */
    static MemoryTimeline of(Post[] posts, int count) {
        Post[] sorted = Arrays.copyOf(posts, count);
        Arrays.sort(sorted, (a, b) -> compareNewestFirst(a.createdAtMicros(), a.id(), b.createdAtMicros(), b.id()));
        long[] micros = new long[count];
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            micros[i] = sorted[i].createdAtMicros();
            ids[i] = sorted[i].id();
        }
        return new MemoryTimeline(micros, ids);
    }

    int size() {
        return ids.length;
    }

    long micros(int i) {
        return micros[i];
    }

    long id(int i) {
        return ids[i];
    }

    /**
     * @param after a keyset position
     * @return the index of the first post strictly after it, {@link #size()} if none
     */
    int firstAfter(Keyset after) {
        int lo = 0;
        int hi = ids.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (after.precedes(micros[mid], ids[mid])) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** @return a copy with the post added; this timeline if it is already there */
    MemoryTimeline with(long postMicros, long postId) {
        int at = firstAfter(new Keyset(postMicros, postId));
        if (at > 0 && ids[at - 1] == postId) {
            return this;
        }
        return new MemoryTimeline(insert(micros, at, postMicros), insert(ids, at, postId));
    }

    /** @return a copy without the post; this timeline if it is not there */
    MemoryTimeline without(long postMicros, long postId) {
        int at = firstAfter(new Keyset(postMicros, postId)) - 1;
        if (at < 0 || ids[at] != postId) {
            return this;
        }
        return new MemoryTimeline(remove(micros, at), remove(ids, at));
    }

    /**
     * Orders newest first.
     *
     * @return negative if {@code (m1, id1)} is newer than {@code (m2, id2)}
     */
    static int compareNewestFirst(long m1, long id1, long m2, long id2) {
        int c = Long.compare(m2, m1);
        return c != 0 ? c : Long.compare(id2, id1);
    }

    private static long[] insert(long[] a, int at, long v) {
        long[] b = new long[a.length + 1];
        System.arraycopy(a, 0, b, 0, at);
        b[at] = v;
        System.arraycopy(a, at, b, at + 1, a.length - at);
        return b;
    }

    private static long[] remove(long[] a, int at) {
        long[] b = new long[a.length - 1];
        System.arraycopy(a, 0, b, 0, at);
        System.arraycopy(a, at + 1, b, at, a.length - at - 1);
        return b;
    }
}
