package dev.feedkit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/*
 * Candidates come from the FeedSource, except:
 *  - a page that the pre-warmer fetched ahead of time: kept once, briefly, and taken (removed) by
 *    the request that asks for exactly that page. Safe because a later page of a walk never holds
 *    newer posts, and the pipeline re-checks deletion and blocks against the cached entities.
 *  - with a candidate TTL set (off by default), every page read from the source is reused for
 *    that long. The keyset query is the one per-page cost that the entity caches cannot remove
 *    (SourceBench and the load test measure it); the price is that a new post appears in its
 *    followers' first pages up to that TTL late. Deletions and blocks still apply at once, since
 *    they are checked against the entities; a follow or unfollow invalidation drops the viewer's
 *    kept pages.
 *
 * Stale-if-error: every page read from the source (or taken from the pre-warmer) is also kept in
 * a last-seen cache, bounded by estimated bytes and an age. When the source fails with
 * FeedUnavailableException (down, frozen, its breaker open, or the deadline passed) the page is
 * served from that copy, or else from the viewer's timeline alone (no pulled authors, no keyset
 * continuation) when timelines are on; only a page with neither fails. The copy is a whole page
 * read with the same limit, its look-ahead candidate included, so the next cursor works as usual.
 * A page served from the timeline alone ends where the timeline ends: a degraded walk may stop
 * early, which is better than no page. The timeline is read under the request's deadline, or, if
 * the failure used it up (a frozen database before the store breaker opens), under a short grace:
 * that read is a success, not an error, so it does not count against errors-within-the-deadline.
 */

/** Fetches a page's candidates: a pre-warmed or kept copy if there is one, else the source, else a stale copy. Thread-safe. */
final class CandidateStep {
    /** The deadline of the timeline fallback when the failed source call used up the request's. */
    static final Duration STALE_GRACE = Duration.ofMillis(20);
    /** Estimated bytes of a last-seen entry beyond its candidates: key, array header, cache node. */
    private static final int ENTRY_OVERHEAD = 96;

    private final FeedSource source;
    private final FeedSource timelineOnly;
    private final Cache<PageKey, long[]> prewarmed;
    private final Cache<PageKey, long[]> kept;
    private final Cache<PageKey, long[]> lastSeen;
    private final Ticker ticker;
    private final java.util.List<FeedListener> listeners;

    /** A page of one viewer's walk. */
    record PageKey(long viewerId, long createdAtMicros, long postId, int max) {
    }

    /**
     * Every cache expires on {@code ticker}, the assembler's clock. {@code timelineOnly} (null when
     * timelines are off) appends a viewer's timeline entries alone, without touching the database.
     * {@code listeners} hear whether each pre-warmed page was used or expired unused.
     */
    CandidateStep(FeedSource source, FeedSource timelineOnly, Duration prewarmKeepFor, Duration candidateTtl,
            Duration staleTtl, long staleMaximumBytes, Ticker ticker, java.util.List<FeedListener> listeners) {
        this.source = source;
        this.timelineOnly = timelineOnly;
        this.ticker = ticker;
        this.listeners = listeners;
        this.prewarmed = Caffeine.newBuilder().expireAfterWrite(prewarmKeepFor).ticker(ticker).maximumSize(100_000)
                .evictionListener((PageKey k, long[] page, com.github.benmanes.caffeine.cache.RemovalCause cause) ->
                        prewarmedPage(false))
                .build();
        this.kept = candidateTtl.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(candidateTtl).ticker(ticker).maximumSize(100_000).build();
        this.lastSeen = staleTtl.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(staleTtl).ticker(ticker).maximumWeight(staleMaximumBytes)
                        .weigher((PageKey k, long[] page) -> ENTRY_OVERHEAD + 8 * page.length).build();
    }

    /**
     * Appends the candidates of the page after {@code after} to {@code out} (which must be empty).
     *
     * @return whether they are a stale copy, served because the source failed
     * @throws FeedUnavailableException if the source failed and no stale copy exists
     */
    boolean fetch(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        PageKey key = new PageKey(viewerId, after.createdAtMicros(), after.postId(), max);
        long[] page = prewarmed.asMap().remove(key);
        if (page != null) {
            prewarmedPage(true);
            remember(key, page);
        } else if (kept != null) {
            page = kept.getIfPresent(key);
        }
        if (page != null) {
            unpack(page, out);
            return false;
        }
        try {
            source.candidates(viewerId, after, max, out, deadline);
        } catch (FeedUnavailableException e) {
            out.clear();
            if (serveStale(key, after, out, deadline)) {
                return true;
            }
            throw e;
        }
        if (kept != null || lastSeen != null) {
            long[] packed = pack(out);
            if (kept != null) {
                kept.put(key, packed);
            }
            remember(key, packed);
        }
        return false;
    }

    /**
     * Fetches the page after {@code after} ahead of its request and keeps it for that request.
     * Returns {@code false}, doing nothing, when the page is already kept: a feed whose first page
     * is requested over and over would otherwise query the source for the second page every time.
     */
    boolean prefetch(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        PageKey key = new PageKey(viewerId, after.createdAtMicros(), after.postId(), max);
        if (prewarmed.getIfPresent(key) != null || kept != null && kept.getIfPresent(key) != null) {
            return false;
        }
        source.candidates(viewerId, after, max, out, deadline);
        long[] packed = pack(out);
        (kept != null ? kept : prewarmed).put(key, packed);
        if (kept != null) {
            remember(key, packed);
        }
        return true;
    }

    /** Forgets kept pages of {@code viewerId}, after a change to whom the viewer follows or blocks. */
    void forgetViewer(long viewerId) {
        prewarmed.asMap().keySet().removeIf(k -> k.viewerId() == viewerId);
        if (kept != null) {
            kept.asMap().keySet().removeIf(k -> k.viewerId() == viewerId);
        }
        if (lastSeen != null) {
            lastSeen.asMap().keySet().removeIf(k -> k.viewerId() == viewerId);
        }
    }

    /** Forgets every kept page, after this process may have missed invalidations. */
    void forgetAll() {
        prewarmed.invalidateAll();
        if (kept != null) {
            kept.invalidateAll();
        }
        if (lastSeen != null) {
            lastSeen.invalidateAll();
        }
    }

    /** @return the estimated bytes of the last-seen pages kept now; exact after pending maintenance if {@code cleanUp} */
    long lastSeenBytes(boolean cleanUp) {
        if (lastSeen != null && cleanUp) {
            lastSeen.cleanUp();
        }
        return lastSeen == null ? 0 : lastSeen.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    private void prewarmedPage(boolean used) {
        for (FeedListener l : listeners) {
            l.onPrewarmedPage(used);
        }
    }

    private void remember(PageKey key, long[] page) {
        if (lastSeen != null) {
            lastSeen.put(key, page);
        }
    }

    /** Appends the last-seen copy of the page, or the viewer's timeline; whether either had anything. */
    private boolean serveStale(PageKey key, Keyset after, Candidates out, Deadline deadline) {
        long[] page = lastSeen == null ? null : lastSeen.getIfPresent(key);
        if (page != null) {
            unpack(page, out);
            return true;
        }
        if (timelineOnly == null) {
            return false;
        }
        try {
            timelineOnly.candidates(key.viewerId(), after, key.max(), out,
                    deadline.isExpired() ? Deadline.after(STALE_GRACE, ticker) : deadline);
        } catch (FeedUnavailableException e) {
            out.clear();
            return false;
        }
        return out.size() > 0;
    }

    private static void unpack(long[] page, Candidates out) {
        for (int i = 0; i < page.length; i += 3) {
            out.add(page[i], page[i + 1], page[i + 2]);
        }
    }

    private static long[] pack(Candidates c) {
        long[] page = new long[c.size() * 3];
        for (int i = 0; i < c.size(); i++) {
            page[3 * i] = c.postId(i);
            page[3 * i + 1] = c.authorId(i);
            page[3 * i + 2] = c.createdAtMicros(i);
        }
        return page;
    }
}
