package dev.feedkit;

/**
 * Receives the figures of each page and of the pre-warm pool, so that a host can export them to
 * its metrics. Stable contract. Called on the request's thread (or a pre-warm worker): keep it
 * cheap and never throw. feed-micrometer's {@code FeedkitMetrics} is one.
 */
public interface FeedListener {

    /**
     * Called once per page, after it is assembled (and written, for {@link FeedAssembler#write}).
     *
     * @param stats the page's figures
     */
    void onPage(FeedStats stats);

    /**
     * Called when a next-page pre-warm job was dropped because the pool's queue was full.
     *
     * @param ttlMultiplier the TTL multiplier for pre-warmed entries after this drop
     */
    default void onPrewarmDropped(int ttlMultiplier) {
    }

    /**
     * Called when a next-page pre-warm finished.
     *
     * @param keysLoaded keys the pre-warm loaded from lower tiers
     */
    default void onPrewarmed(int keysLoaded) {
    }

    /**
     * Called when a page of candidates that a pre-warm fetched ahead of its request leaves the
     * pre-warm cache: {@code used} when the request for that page took it, not used when it
     * expired (or was evicted) first. The ratio says whether pre-warming pays for its source
     * queries. Pages dropped by an invalidation are neither; with a
     * {@code FeedAssembler.Builder.candidateTtl} set, pre-warmed pages are kept with the other
     * candidate pages and are not reported. May be called on a cache maintenance thread.
     *
     * @param used whether the page was asked for before it expired
     */
    default void onPrewarmedPage(boolean used) {
    }
}
