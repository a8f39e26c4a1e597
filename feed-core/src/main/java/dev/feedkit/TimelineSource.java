package dev.feedkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * A page is the union of two ranges, cut to `max`:
 *  - the viewer's timeline (TimelineStore), which holds every fanned-out candidate down to its
 *    floor (its oldest entry, when it is truncated);
 *  - the recent posts of each pulled author the viewer follows, each list complete down to its own
 *    floor (its oldest post, unless it holds all of the author's posts).
 * Above the highest of those floors the union is the feed exactly (a post in both is taken once),
 * so the page takes entries down to that floor and, if that is fewer than `max`, goes on with the
 * keyset source strictly after the last entry taken. A walk therefore yields each post once and in
 * order, across the cap. Deleted posts and blocks are filtered again at read time by the pipeline.
 *
 * A timeline store that fails or answers late (Redis down or slow: FeedUnavailableException) must
 * not fail the page, just as a slow L2 only makes a page slower: the page comes from the keyset
 * source instead, counted in readFailures, and no rebuild is queued (the timeline is probably still
 * there).
 *
 * A viewer without a timeline gets the keyset source's page, and a rebuild is queued on the
 * fan-out pool: one per viewer at a time (single flight), dropped when the pool is full (the next
 * read tries again). The store's startRebuild/finishRebuild pair keeps posts pushed meanwhile.
 */

/** The {@link FeedSource} over timelines, pulled authors and the keyset source. Thread-safe. */
final class TimelineSource implements FeedSource {
    private static final Logger LOG = LoggerFactory.getLogger(TimelineSource.class);

    private final TimelineStore store;
    private final FeedSource keyset;
    private final PullAuthors pulls;
    private final FirstPages firstPages;
    private final Executor rebuildPool;
    private final Supplier<Deadline> rebuildDeadline;
    private final Set<Long> rebuilding = ConcurrentHashMap.newKeySet();
    final LongAdder timelineReads = new LongAdder();
    final LongAdder firstPageHits = new LongAdder();
    final LongAdder fallbacks = new LongAdder();
    final LongAdder rebuilds = new LongAdder();
    final LongAdder readFailures = new LongAdder();

    TimelineSource(TimelineStore store, FeedSource keyset, PullAuthors pulls, FirstPages firstPages, Executor rebuildPool,
            Supplier<Deadline> rebuildDeadline) {
        this.store = store;
        this.keyset = keyset;
        this.pulls = pulls;
        this.firstPages = firstPages;
        this.rebuildPool = rebuildPool;
        this.rebuildDeadline = rebuildDeadline;
    }

    @Override
    public void candidates(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        boolean first = after.isStart();
        if (first && firstPages.serve(viewerId, max, out)) {
            firstPageHits.increment();
            return;
        }
        long stamp = firstPages.stamp();
        long[] pulled = pulls.followedBy(viewerId, deadline);
        Candidates timeline = new Candidates(max);
        timelineReads.increment();
        TimelineStore.Read read;
        try {
            read = store.read(viewerId, after, max, timeline, deadline);
        } catch (FeedUnavailableException e) {
            readFailures.increment();
            LOG.debug("timeline read of viewer {} failed; reading the keyset source: {}", viewerId, e.toString());
            keyset.candidates(viewerId, after, max, out, deadline);
            return;
        }
        if (read == TimelineStore.Read.MISSING) {
            fallbacks.increment();
            keyset.candidates(viewerId, after, max, out, deadline);
            rebuild(viewerId);
            return;
        }
        merge(viewerId, after, max, read, timeline, pulled, out, deadline);
        if (first && max <= FeedRequest.MAX_LIMIT + 1) { // a ranked window is not kept: its size would multiply the memory bound
            firstPages.keep(viewerId, stamp, out, max, pulled);
        }
    }

    /**
     * Appends the viewer's timeline entries after {@code after} alone, asking no database: the
     * stale-if-error fallback of a page whose source failed. A viewer without a timeline gets nothing.
     */
    void timelineOnly(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        store.read(viewerId, after, max, out, deadline);
    }

    private void merge(long viewerId, Keyset after, int max, TimelineStore.Read read, Candidates timeline,
            long[] pulled, Candidates out, Deadline deadline) {
        int t = timeline.size();
        // The floor: null when the union reaches the end of the feed.
        Keyset floor = read == TimelineStore.Read.TRUNCATED ? (t == 0 ? after : at(timeline, t - 1))
                : t == max ? at(timeline, t - 1) : null;
        Cursor[] lists = new Cursor[pulled.length + 1];
        lists[0] = new Cursor(pack(timeline));
        for (int i = 0; i < pulled.length; i++) {
            PullAuthors.Recent r = pulls.recent(pulled[i], deadline);
            lists[i + 1] = new Cursor(r.packed());
            lists[i + 1].skipTo(after);
            if (!r.complete() && r.size() > 0) {
                floor = higher(floor, lists[i + 1].oldest());
            } else if (!r.complete()) {
                floor = higher(floor, after);
            }
        }
        Keyset last = after;
        while (out.size() < max) {
            Cursor next = newest(lists);
            if (next == null || floor != null && floor.precedes(next.time(), next.post())) {
                break;
            }
            out.add(next.post(), next.author(), next.time());
            last = new Keyset(next.time(), next.post());
            for (Cursor c : lists) {
                c.skipTo(last);
            }
        }
        if (out.size() < max && floor != null) {
            keyset.candidates(viewerId, last, max - out.size(), out, deadline);
        }
    }

    /** Queues a rebuild of the viewer's timeline, unless one is under way here or the pool is full. */
    void rebuild(long viewerId) {
        if (!rebuilding.add(viewerId)) {
            return;
        }
        try {
            rebuildPool.execute(() -> runRebuild(viewerId));
        } catch (RejectedExecutionException e) {
            rebuilding.remove(viewerId);
        }
    }

    private void runRebuild(long viewerId) {
        try {
            if (!store.startRebuild(viewerId)) {
                return;
            }
            int capacity = store.capacity();
            Candidates entries = new Candidates(Math.min(capacity, 1024));
            keyset.candidates(viewerId, Keyset.START, capacity, entries, rebuildDeadline.get());
            store.finishRebuild(viewerId, entries, entries.size() < capacity);
            rebuilds.increment();
        } catch (RuntimeException e) {
            LOG.debug("rebuilding the timeline of viewer {} failed: {}", viewerId, e.toString());
        } finally {
            rebuilding.remove(viewerId);
        }
    }

    private static Keyset at(Candidates c, int i) {
        return new Keyset(c.createdAtMicros(i), c.postId(i));
    }

    /** @return the higher (newer) of two floors; null stands for "no floor" */
    private static Keyset higher(Keyset a, Keyset b) {
        return a == null ? b : b.precedes(a.createdAtMicros(), a.postId()) ? b : a;
    }

    private static long[] pack(Candidates c) {
        long[] a = new long[3 * c.size()];
        for (int i = 0; i < c.size(); i++) {
            a[3 * i] = c.postId(i);
            a[3 * i + 1] = c.authorId(i);
            a[3 * i + 2] = c.createdAtMicros(i);
        }
        return a;
    }

    private static Cursor newest(Cursor[] lists) {
        Cursor best = null;
        for (Cursor c : lists) {
            if (c.done()) {
                continue;
            }
            if (best == null || c.time() > best.time() || c.time() == best.time() && c.post() > best.post()) {
                best = c;
            }
        }
        return best;
    }

    /** A position in one packed, newest-first list. */
    private static final class Cursor {
        private final long[] a;
        private int i;

        Cursor(long[] packed) {
            this.a = packed;
        }

        boolean done() {
            return i >= a.length;
        }

        long post() {
            return a[i];
        }

        long author() {
            return a[i + 1];
        }

        long time() {
            return a[i + 2];
        }

        Keyset oldest() {
            return new Keyset(a[a.length - 1], a[a.length - 3]);
        }

        /** Moves past every entry not strictly after {@code k}. */
        void skipTo(Keyset k) {
            while (!done() && !k.precedes(time(), post())) {
                i += 3;
            }
        }
    }
}
