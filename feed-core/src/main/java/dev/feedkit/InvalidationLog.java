package dev.feedkit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/*
 * The fill-after-invalidate race: request R reads post 7 from the store, the post changes and is
 * invalidated, then R puts its stale copy into the caches, where it would live for a full TTL.
 * Every invalidation takes a number from a clock and records it per key; a load remembers the
 * clock when it started and keeps no entry whose key was invalidated after that. The log only
 * needs to remember an invalidation for as long as a load can run, so its entries expire, on the
 * assembler's Ticker. (The "clock" of invalidations is a counter, not time.)
 */

/** Remembers recent invalidations so that loads that began before them do not cache stale data. */
final class InvalidationLog {
    private final AtomicLong clock = new AtomicLong();
    private final Cache<CacheKey, Long> recent;
    private volatile long allAt;

    InvalidationLog(Duration memory, Ticker ticker) {
        this.recent = Caffeine.newBuilder().expireAfterWrite(memory).ticker(ticker).maximumSize(1_000_000).build();
    }

    /** Returns the clock to remember at the start of a load. */
    long now() {
        return clock.get();
    }

    /** Records an invalidation of {@code key}. */
    void record(CacheKey key) {
        recent.put(key, clock.incrementAndGet());
    }

    /** Records an invalidation of every key, as after a gap in peers' invalidations. */
    void recordAll() {
        allAt = clock.incrementAndGet();
    }

    /** Returns whether anything was invalidated since {@code start}: the cheap common-case check. */
    boolean anySince(long start) {
        return clock.get() != start;
    }

    /** Returns whether {@code key} was invalidated after {@code start}. */
    boolean invalidatedSince(CacheKey key, long start) {
        if (allAt > start) {
            return true;
        }
        Long at = recent.getIfPresent(key);
        return at != null && at > start;
    }
}
