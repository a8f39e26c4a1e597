package dev.feedkit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/*
 * Why a first-page cache. With timelines, a warm viewer's first page still costs one timeline read
 * (a Redis round trip). The newest page only changes when something is pushed to the viewer, a
 * pulled author the viewer follows publishes, or the viewer's follows or blocks change, and the
 * write path knows each of those: it drops the page here and, through the shared tier's pub/sub
 * (one message per fan-out batch), on every other instance. So the page can live in process
 * memory, and a warm, unchanged first page costs no network round trip at all.
 *
 * The fill-after-drop guard. A read that started before a drop must not put the page it read
 * afterwards. Every read takes a stamp from one clock; a drop writes the clock into the viewer's
 * stripe (65,536 stripes, so the guard costs a fixed 512 KiB whatever the number of viewers: a
 * collision only skips a put). A put whose stamp is older than its stripe's drop is skipped; the
 * put is re-checked after it lands, which closes the check-then-put race the way the Loader does.
 * The TTL bounds what a lost pub/sub message can cost.
 */

/** The newest page of candidates of warm viewers, in process memory. Thread-safe. */
final class FirstPages {
    private static final int STRIPES = 1 << 16;
    private static final long[] NONE = new long[0];

    private final Cache<Long, Page> pages;
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLongArray dropped = new AtomicLongArray(STRIPES);
    private volatile long pullDropped;
    private volatile long allDropped;

    /**
     * A kept page: candidates packed as (post, author, time) triples, whether the feed ended on
     * it, and the pulled authors merged into it.
     */
    record Page(long[] packed, boolean ended, long[] pulls) {
        int size() {
            return packed.length / 3;
        }
    }

    FirstPages(int maximumViewers, Duration ttl, Ticker ticker) {
        this.pages = Caffeine.newBuilder().maximumSize(maximumViewers).expireAfterWrite(ttl).ticker(ticker).build();
    }

    /** @return a stamp to hand to {@link #keep} for a read that starts now */
    long stamp() {
        return clock.incrementAndGet();
    }

    /** Appends the kept first page of {@code viewerId}, cut to {@code max}, if it can serve it. */
    boolean serve(long viewerId, int max, Candidates out) {
        Page p = pages.getIfPresent(viewerId);
        if (p == null || p.size() < max && !p.ended()) {
            return false;
        }
        int n = Math.min(max, p.size());
        long[] a = p.packed();
        for (int i = 0; i < 3 * n; i += 3) {
            out.add(a[i], a[i + 1], a[i + 2]);
        }
        return true;
    }

    /** Keeps a first page read with {@code stamp}, unless the viewer was dropped since. */
    void keep(long viewerId, long stamp, Candidates page, int max, long[] pulls) {
        if (stale(viewerId, stamp, pulls)) {
            return;
        }
        long[] packed = new long[3 * page.size()];
        for (int i = 0; i < page.size(); i++) {
            packed[3 * i] = page.postId(i);
            packed[3 * i + 1] = page.authorId(i);
            packed[3 * i + 2] = page.createdAtMicros(i);
        }
        pages.put(viewerId, new Page(packed, page.size() < max, pulls.length == 0 ? NONE : pulls));
        if (stale(viewerId, stamp, pulls)) {
            pages.invalidate(viewerId);
        }
    }

    /** Drops the first pages of the first {@code count} viewers. */
    void drop(long[] viewerIds, int count) {
        long t = clock.incrementAndGet();
        for (int i = 0; i < count; i++) {
            dropped.accumulateAndGet(stripe(viewerIds[i]), t, Math::max);
            pages.invalidate(viewerIds[i]);
        }
    }

    /** Drops every first page that merged the posts of pulled author {@code authorId}. */
    void dropPulled(long authorId) {
        pullDropped = clock.incrementAndGet();
        pages.asMap().values().removeIf(p -> contains(p.pulls(), authorId));
    }

    /** Drops every first page, as when an author is first known to be pulled. */
    void dropAll() {
        allDropped = clock.incrementAndGet();
        pages.invalidateAll();
    }

    private boolean stale(long viewerId, long stamp, long[] pulls) {
        return allDropped >= stamp || dropped.get(stripe(viewerId)) >= stamp || pulls.length > 0 && pullDropped >= stamp;
    }

    private static int stripe(long viewerId) {
        long h = viewerId * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 48);
    }

    private static boolean contains(long[] a, long v) {
        for (long x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
