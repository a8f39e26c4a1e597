package dev.feedkit;

/**
 * A cache level between the assembler and the {@link EntityStore}: the in-process L1 (built in)
 * or a shared L2 such as Redis. Stable contract.
 *
 * <p>Tiers are consulted in order; an L2 hit is put into L1. A tier must never fail a request:
 * an L2 that is down or slow answers with no hits (a slower page, not an error) and drops writes.
 *
 * <p>Implementations must be thread-safe.
 */
public interface CacheTier {

    /**
     * Delivers every entity of {@code keys} that this tier holds into {@code hits}, including
     * negative entries ({@link Entities#absent}).
     *
     * @param keys what is wanted; valid only during this call
     * @param hits receives what is found, aligned with {@code keys}; valid only during this call
     */
    void getAll(EntityKeys keys, Entities hits);

    /**
     * Keeps every entity of {@code loaded}, absences included, each for its kind's TTL times
     * {@code ttlMultiplier}: for each kind, every slot of {@code loaded.keys()} with
     * {@link Entities#valueAt} or {@link Entities#absentAt}. A tier may copy the batch and write it
     * later, off the caller's path.
     *
     * @param loaded what to keep; valid only during this call
     * @param ttlMultiplier 1 normally; larger for pre-warmed entries while the pre-warm pool is saturated
     */
    void putAll(Entities loaded, int ttlMultiplier);

    /**
     * Removes one entry, so that the next read goes to a lower tier.
     *
     * @param key the entry
     */
    void invalidate(CacheKey key);

    /**
     * Lets a shared tier tell this process about entries that another process invalidated. The
     * assembler calls it once when it is built; the tier then calls {@code local} for each key a
     * peer invalidated, and the assembler drops the key from L1. The default ignores peers.
     *
     * @param local drops a key from this process's L1; thread-safe
     */
    default void subscribe(java.util.function.Consumer<CacheKey> local) {
    }

    /**
     * Lets a shared tier tell this process that it may have missed other processes'
     * invalidations: its link to them was down and is back (for Redis, the pub/sub subscription
     * was re-established). The assembler calls it once when it is built; the tier then runs
     * {@code resync} after each such gap, and the assembler drops everything it cannot check:
     * its whole L1, its kept candidate pages and, with timelines, its kept first pages and pulled
     * authors' posts. The default never calls it (a tier that is not shared).
     *
     * @param resync drops this process's unverifiable cached state; thread-safe
     */
    default void subscribeResync(Runnable resync) {
    }

    /**
     * Tells every other process sharing this tier that timelines changed, so that each drops the
     * kept newest pages of those viewers. Called by the assembler's timeline write path once per
     * fan-out batch, off the request path; it must not throw. The default tells nobody (a tier that
     * is not shared).
     *
     * @param change what changed; its array may be reused after the call returns
     */
    default void publishTimelines(TimelineChange change) {
    }

    /**
     * Lets a shared tier hand this process the timeline changes that other processes published.
     * The assembler calls it once when it is built, when timelines are on. The default ignores
     * peers.
     *
     * @param local applies a peer's change to this process's kept pages; thread-safe
     */
    default void subscribeTimelines(java.util.function.Consumer<TimelineChange> local) {
    }
}
