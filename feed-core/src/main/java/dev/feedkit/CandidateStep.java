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
 */

/** Fetches a page's candidates: a pre-warmed or kept copy if there is one, else the source. Thread-safe. */
final class CandidateStep {
    private final FeedSource source;
    private final Cache<PageKey, long[]> prewarmed;
    private final Cache<PageKey, long[]> kept;

    /** A page of one viewer's walk. */
    record PageKey(long viewerId, long createdAtMicros, long postId, int max) {
    }

    /** Both caches expire on {@code ticker}, the assembler's clock. */
    CandidateStep(FeedSource source, Duration prewarmKeepFor, Duration candidateTtl, Ticker ticker) {
        this.source = source;
        this.prewarmed = Caffeine.newBuilder().expireAfterWrite(prewarmKeepFor).ticker(ticker).maximumSize(100_000)
                .build();
        this.kept = candidateTtl.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(candidateTtl).ticker(ticker).maximumSize(100_000).build();
    }

    /** Appends the candidates of the page after {@code after} to {@code out}. */
    void fetch(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        PageKey key = new PageKey(viewerId, after.createdAtMicros(), after.postId(), max);
        long[] page = prewarmed.asMap().remove(key);
        if (page == null && kept != null) {
            page = kept.getIfPresent(key);
        }
        if (page != null) {
            for (int i = 0; i < page.length; i += 3) {
                out.add(page[i], page[i + 1], page[i + 2]);
            }
            return;
        }
        source.candidates(viewerId, after, max, out, deadline);
        if (kept != null) {
            kept.put(key, pack(out));
        }
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
        (kept != null ? kept : prewarmed).put(key, pack(out));
        return true;
    }

    /** Forgets kept pages of {@code viewerId}, after a change to whom the viewer follows or blocks. */
    void forgetViewer(long viewerId) {
        prewarmed.asMap().keySet().removeIf(k -> k.viewerId() == viewerId);
        if (kept != null) {
            kept.asMap().keySet().removeIf(k -> k.viewerId() == viewerId);
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
