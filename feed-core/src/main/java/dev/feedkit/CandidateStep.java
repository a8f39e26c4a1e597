package dev.feedkit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/*
 * Candidates come from the FeedSource, except for a page that the pre-warmer fetched ahead of
 * time: those are kept once, briefly, and taken (removed) by the request that asks for exactly
 * that page. Keeping them is safe because a later page of a walk never holds newer posts, and the
 * pipeline re-checks deletion and blocks against the cached entities anyway.
 */

/** Fetches a page's candidates: the pre-warmed copy if there is one, else the source. Thread-safe. */
final class CandidateStep {
    private final FeedSource source;
    private final Cache<PageKey, long[]> prewarmed;

    /** A page of one viewer's walk. */
    record PageKey(long viewerId, long createdAtMicros, long postId, int max) {
    }

    CandidateStep(FeedSource source, Duration keepFor) {
        this.source = source;
        this.prewarmed = Caffeine.newBuilder().expireAfterWrite(keepFor).maximumSize(100_000).build();
    }

    /** Appends the candidates of the page after {@code after} to {@code out}; returns whether the source was asked. */
    boolean fetch(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        long[] kept = prewarmed.asMap().remove(new PageKey(viewerId, after.createdAtMicros(), after.postId(), max));
        if (kept != null) {
            for (int i = 0; i < kept.length; i += 3) {
                out.add(kept[i], kept[i + 1], kept[i + 2]);
            }
            return false;
        }
        source.candidates(viewerId, after, max, out, deadline);
        return true;
    }

    /** Fetches from the source and keeps the result for the request that will ask for it. */
    void prefetch(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        source.candidates(viewerId, after, max, out, deadline);
        long[] kept = new long[out.size() * 3];
        for (int i = 0; i < out.size(); i++) {
            kept[3 * i] = out.postId(i);
            kept[3 * i + 1] = out.authorId(i);
            kept[3 * i + 2] = out.createdAtMicros(i);
        }
        prewarmed.put(new PageKey(viewerId, after.createdAtMicros(), after.postId(), max), kept);
    }

    /** Forgets pre-fetched pages of {@code viewerId}, after a change to whom the viewer follows. */
    void forgetViewer(long viewerId) {
        prewarmed.asMap().keySet().removeIf(k -> k.viewerId() == viewerId);
    }
}
