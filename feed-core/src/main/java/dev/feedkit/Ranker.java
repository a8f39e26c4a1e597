package dev.feedkit;

import java.util.List;

/**
 * Orders the items of one chronological page. Stable contract. Pagination stays keyset-based, so
 * a ranker reorders within a page and never moves an item across pages. The default is
 * chronological and leaves the order as it is. Ranked walks ({@link FeedRequest.Mode#RANKED}),
 * which order a whole window across pages, use a {@link Scorer} instead and skip the ranker.
 */
@FunctionalInterface
public interface Ranker {

    /** The chronological ranker: newest first, as the source delivered. */
    Ranker CHRONOLOGICAL = (viewerId, seed, items) -> { };

    /**
     * Reorders {@code items} in place.
     *
     * @param viewerId the viewer
     * @param seed the walk's seed, the same on every page
     * @param items the page's items, newest first on entry; mutable
     */
    void rank(long viewerId, long seed, List<FeedItem> items);
}
