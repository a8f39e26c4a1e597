package dev.feedkit;

/**
 * Receives the figures of each page and of the pre-warm pool, so that a host can export them to
 * its metrics. Stable contract. Called on the request's thread (or a pre-warm worker): keep it
 * cheap and never throw.
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
}
