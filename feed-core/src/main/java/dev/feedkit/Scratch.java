package dev.feedkit;

import java.util.ArrayList;

/**
 * The per-request working set: every buffer one page needs, reused across requests through
 * {@link ScratchPool}. {@link #clear()} empties all of it; the pool clears a scratch when it is
 * released, so no request can see another's data.
 */
final class Scratch {
    final Candidates candidates = new Candidates();
    /** A ranked walk's window, in ranked order. */
    final Candidates ranked = new Candidates();
    final EntityKeys wanted = new EntityKeys();
    final EntityKeys missing = new EntityKeys();
    final Entities found = new Entities();
    final Entities tierHits = new Entities();
    final ArrayList<FeedItem> items = new ArrayList<>(FeedRequest.MAX_LIMIT);

    void clear() {
        candidates.clear();
        ranked.clear();
        wanted.reset(0);
        missing.reset(0);
        found.clear();
        tierHits.clear();
        items.clear();
    }
}
