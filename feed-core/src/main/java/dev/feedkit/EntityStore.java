package dev.feedkit;

/**
 * Loads entities from the source of truth. Stable contract.
 *
 * <p>One call carries every cache miss of a page: posts (with media and tags), authors, and the
 * viewer's relationship to each author. A database implementation answers it in one network
 * round trip. Entities that do not exist are simply not delivered; the pipeline caches their
 * absence briefly.
 *
 * <p>Implementations must be thread-safe.
 */
public interface EntityStore {

    /**
     * Loads the entities named by {@code keys} into {@code into}, by id ({@link Entities#post},
     * {@link Entities#author}, {@link Entities#relationship}).
     *
     * @param keys what to load; valid only during this call
     * @param into receives what exists, aligned with {@code keys}; valid only during this call
     * @param deadline when the caller stops waiting
     * @throws FeedUnavailableException if the store is down or the deadline passes
     */
    void load(EntityKeys keys, Entities into, Deadline deadline);
}
