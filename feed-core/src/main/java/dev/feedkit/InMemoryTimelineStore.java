package dev.feedkit;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/*
 * Why compute plus a monitor: every write runs inside ConcurrentHashMap.compute* for its viewer,
 * so a push, a drop and the end of a rebuild of one viewer happen one after another and a push can
 * never land in a timeline that a drop has already detached. Reads take no map lock, only the
 * line's monitor, which writers also hold while they change the arrays.
 *
 * Entries are kept oldest first: a new post (the common write) is appended at the end, and cutting
 * to the capacity removes a prefix.
 */

/** The heap {@link TimelineStore}: one sorted, bounded array set per viewer. */
final class InMemoryTimelineStore implements TimelineStore {
    private final int capacity;
    private final ConcurrentHashMap<Long, Line> lines = new ConcurrentHashMap<>();

    InMemoryTimelineStore(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be between 1 and " + MAX_CAPACITY + ", was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public Read read(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(out, "out");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        Line line = lines.get(viewerId);
        if (line == null) {
            return Read.MISSING;
        }
        synchronized (line) {
            return line.pending ? Read.MISSING : line.read(after, max, out);
        }
    }

    @Override
    public void push(long postId, long authorId, long createdAtMicros, long[] viewerIds, int viewerCount) {
        checkEntry(postId, authorId, createdAtMicros);
        checkViewers(viewerIds, viewerCount);
        for (int i = 0; i < viewerCount; i++) {
            lines.computeIfPresent(viewerIds[i], (v, line) -> {
                synchronized (line) {
                    line.push(postId, authorId, createdAtMicros, capacity);
                    return line;
                }
            });
        }
    }

    @Override
    public boolean startRebuild(long viewerId) {
        Line line = lines.computeIfAbsent(viewerId, v -> Line.pending());
        synchronized (line) {
            return line.pending;
        }
    }

    @Override
    public boolean finishRebuild(long viewerId, Candidates entries, boolean complete) {
        checkEntries(entries, complete);
        boolean[] done = new boolean[1];
        lines.computeIfPresent(viewerId, (v, line) -> {
            synchronized (line) {
                if (line.pending) {
                    line.finish(entries, complete, capacity);
                    done[0] = true;
                }
                return line;
            }
        });
        return done[0];
    }

    @Override
    public boolean merge(long viewerId, Candidates entries, boolean complete) {
        checkEntries(entries, complete);
        boolean[] done = new boolean[1];
        lines.computeIfPresent(viewerId, (v, line) -> {
            synchronized (line) {
                if (line.pending) {
                    return null;
                }
                line.merge(entries, complete, capacity);
                done[0] = true;
                return line;
            }
        });
        return done[0];
    }

    @Override
    public void removeAuthor(long viewerId, long authorId) {
        lines.computeIfPresent(viewerId, (v, line) -> {
            synchronized (line) {
                return line.pending || line.removeAuthor(authorId) ? null : line;
            }
        });
    }

    @Override
    public void removePost(long postId, long authorId, long createdAtMicros, long[] viewerIds, int viewerCount) {
        checkEntry(postId, authorId, createdAtMicros);
        checkViewers(viewerIds, viewerCount);
        for (int i = 0; i < viewerCount; i++) {
            lines.computeIfPresent(viewerIds[i], (v, line) -> {
                synchronized (line) {
                    return line.removePost(createdAtMicros, postId) ? null : line;
                }
            });
        }
    }

    @Override
    public void drop(long viewerId) {
        lines.remove(viewerId);
    }

    @Override
    public String toString() {
        return "InMemoryTimelineStore[capacity=" + capacity + ", viewers=" + lines.size() + "]";
    }

    // ---------------------------------------------------------------- argument checks

    static void checkEntry(long postId, long authorId, long createdAtMicros) {
        if (postId < 0 || authorId < 0 || createdAtMicros < 0) {
            throw new IllegalArgumentException("timeline entries need non-negative ids and times, was post " + postId
                    + " by author " + authorId + " at " + createdAtMicros + " µs");
        }
    }

    static void checkViewers(long[] viewerIds, int viewerCount) {
        Objects.requireNonNull(viewerIds, "viewerIds");
        if (viewerCount < 0 || viewerCount > viewerIds.length) {
            throw new IllegalArgumentException("viewerCount must be between 0 and " + viewerIds.length
                    + " (the length of viewerIds), was " + viewerCount);
        }
    }

    static void checkEntries(Candidates entries, boolean complete) {
        Objects.requireNonNull(entries, "entries");
        if (entries.size() == 0 && !complete) {
            throw new IllegalArgumentException("entries must not be empty when they are not complete: an empty, "
                    + "incomplete list says nothing about where the feed continues");
        }
        for (int i = 0; i < entries.size(); i++) {
            checkEntry(entries.postId(i), entries.authorId(i), entries.createdAtMicros(i));
        }
    }

    /**
     * Returns the index of the oldest entry of {@code entries} by {@code (createdAtMicros, postId)}.
     *
     * @param entries a non-empty buffer, in any order
     * @return the index of its oldest entry
     */
    static int oldest(Candidates entries) {
        int at = 0;
        for (int i = 1; i < entries.size(); i++) {
            if (compare(entries.createdAtMicros(i), entries.postId(i), entries.createdAtMicros(at), entries.postId(at)) < 0) {
                at = i;
            }
        }
        return at;
    }

    /** @return negative if {@code (m1, id1)} is older than {@code (m2, id2)} */
    static int compare(long m1, long id1, long m2, long id2) {
        int c = Long.compare(m1, m2);
        return c != 0 ? c : Long.compare(id1, id2);
    }

    // ---------------------------------------------------------------- one viewer

    /** One viewer's timeline, oldest first; guarded by its own monitor. */
    static final class Line {
        /** A rebuild is under way: reads see nothing, pushes are kept for the rebuild. */
        boolean pending;
        /** Whether the entries are the whole feed; if not, the feed goes on below the oldest. */
        boolean complete;
        long[] micros = new long[8];
        long[] ids = new long[8];
        long[] authors = new long[8];
        int size;

        static Line pending() {
            Line line = new Line();
            line.pending = true;
            return line;
        }

        Read read(Keyset after, int max, Candidates out) {
            int n = 0;
            for (int i = firstAtOrAfter(after.createdAtMicros(), after.postId()) - 1; i >= 0 && n < max; i--, n++) {
                out.add(ids[i], authors[i], micros[i]);
            }
            return n == max || complete ? Read.HIT : Read.TRUNCATED;
        }

        void push(long postId, long authorId, long createdAt, int capacity) {
            if (!pending && !complete && (size == 0 || compare(createdAt, postId, micros[0], ids[0]) < 0)) {
                return; // below the floor of a truncated timeline: the source has it
            }
            add(postId, authorId, createdAt);
            cut(capacity);
        }

        void finish(Candidates entries, boolean entriesComplete, int capacity) {
            pending = false;
            complete = entriesComplete;
            addAll(entries);
            if (!entriesComplete) {
                int o = oldest(entries);
                cutBelow(entries.createdAtMicros(o), entries.postId(o));
            }
            cut(capacity);
        }

        void merge(Candidates entries, boolean entriesComplete, int capacity) {
            boolean hadFloor = !complete && size > 0;
            long floorMicros = hadFloor ? micros[0] : 0;
            long floorId = hadFloor ? ids[0] : 0;
            addAll(entries);
            if (hadFloor) {
                cutBelow(floorMicros, floorId);
            }
            if (!entriesComplete) {
                int o = oldest(entries);
                cutBelow(entries.createdAtMicros(o), entries.postId(o));
                complete = false;
            }
            cut(capacity);
        }

        /** @return whether the timeline must be dropped: truncated and now empty, so its floor is lost */
        boolean removeAuthor(long authorId) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (authors[i] != authorId) {
                    set(kept++, micros[i], ids[i], authors[i]);
                }
            }
            size = kept;
            return !complete && size == 0;
        }

        /** @return whether the timeline must be dropped: truncated and now empty */
        boolean removePost(long createdAt, long postId) {
            int at = firstAtOrAfter(createdAt, postId);
            if (at == size || micros[at] != createdAt || ids[at] != postId) {
                return false;
            }
            removeRange(at, at + 1);
            return !pending && !complete && size == 0;
        }

        private void addAll(Candidates entries) {
            for (int i = 0; i < entries.size(); i++) {
                add(entries.postId(i), entries.authorId(i), entries.createdAtMicros(i));
            }
        }

        private void add(long postId, long authorId, long createdAt) {
            int at = firstAtOrAfter(createdAt, postId);
            if (at < size && micros[at] == createdAt && ids[at] == postId) {
                return;
            }
            if (size == ids.length) {
                int cap = size * 2;
                micros = Arrays.copyOf(micros, cap);
                ids = Arrays.copyOf(ids, cap);
                authors = Arrays.copyOf(authors, cap);
            }
            System.arraycopy(micros, at, micros, at + 1, size - at);
            System.arraycopy(ids, at, ids, at + 1, size - at);
            System.arraycopy(authors, at, authors, at + 1, size - at);
            set(at, createdAt, postId, authorId);
            size++;
        }

        /** Keeps the newest {@code capacity} entries; cutting any makes the timeline truncated. */
        private void cut(int capacity) {
            if (size > capacity) {
                removeRange(0, size - capacity);
                complete = false;
            }
        }

        private void cutBelow(long floorMicros, long floorId) {
            removeRange(0, firstAtOrAfter(floorMicros, floorId));
        }

        private void removeRange(int from, int to) {
            int tail = size - to;
            System.arraycopy(micros, to, micros, from, tail);
            System.arraycopy(ids, to, ids, from, tail);
            System.arraycopy(authors, to, authors, from, tail);
            size -= to - from;
        }

        private void set(int i, long createdAt, long postId, long authorId) {
            micros[i] = createdAt;
            ids[i] = postId;
            authors[i] = authorId;
        }

        /** @return the index of the first entry not older than {@code (createdAt, postId)}, size if none */
        private int firstAtOrAfter(long createdAt, long postId) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compare(micros[mid], ids[mid], createdAt, postId) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
