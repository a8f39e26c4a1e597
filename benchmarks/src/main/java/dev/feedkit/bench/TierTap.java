package dev.feedkit.bench;

import dev.feedkit.CacheKey;
import dev.feedkit.CacheTier;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/*
 * Why a tap: a cold-page benchmark needs an assembler whose L1 has forgotten the page, and building
 * a new assembler per request measured (and allocated) the construction: a thread pool, a Caffeine
 * cache, new scratch objects, and for the all-cold state a new Redis tier with two connections, a
 * pub/sub subscription and a writer thread. The CacheTier SPI already has the hook a long-lived
 * assembler uses to drop keys from its L1 when a peer process invalidates them (subscribe); the tap
 * keeps that hook so a benchmark can drop the page from L1 between requests, outside the measured
 * time, while L2 and the store stay as they are. Everything else goes straight to the tier.
 */

/** A {@link CacheTier} that delegates to another and lets a benchmark reach the assembler's L1. */
final class TierTap implements CacheTier {
    private final CacheTier tier;
    private final boolean record;
    private final Set<CacheKey> recorded = new LinkedHashSet<>();
    private final LongAdder offered = new LongAdder();
    private volatile Consumer<CacheKey> l1;

    /**
     * @param tier the tier every call goes to
     * @param record whether putAll remembers the keys it is given (allocates; for setup only)
     */
    TierTap(CacheTier tier, boolean record) {
        this.tier = tier;
        this.record = record;
    }

    @Override
    public void getAll(EntityKeys keys, Entities hits) {
        tier.getAll(keys, hits);
    }

    @Override
    public void putAll(Entities loaded, int ttlMultiplier) {
        offered.add(loaded.count());
        if (record) {
            remember(loaded);
        }
        tier.putAll(loaded, ttlMultiplier);
    }

    @Override
    public void invalidate(CacheKey key) {
        tier.invalidate(key);
    }

    @Override
    public void subscribe(Consumer<CacheKey> local) {
        l1 = local;
        tier.subscribe(local);
    }

    /** Drops {@code keys} from the L1 of the assembler this tap is built into; L2 keeps them. */
    void dropFromL1(Collection<CacheKey> keys) {
        Consumer<CacheKey> drop = l1;
        if (drop == null) {
            throw new IllegalStateException("the tap is not part of an assembler yet");
        }
        for (CacheKey k : keys) {
            drop.accept(k);
        }
    }

    /** @return how many entries putAll has been given, the number the tier's writer will account for */
    long offered() {
        return offered.sum();
    }

    /** @return the distinct keys putAll has been given while recording, in order */
    synchronized List<CacheKey> recorded() {
        return new ArrayList<>(recorded);
    }

    private synchronized void remember(Entities e) {
        EntityKeys keys = e.keys();
        for (EntityKind kind : EntityKind.values()) {
            for (int i = 0; i < keys.size(kind); i++) {
                if (e.valueAt(kind, i) == null && !e.absentAt(kind, i)) {
                    continue;
                }
                long id = keys.id(kind, i);
                recorded.add(kind == EntityKind.RELATIONSHIP ? CacheKey.relationship(keys.viewerId(), id)
                        : new CacheKey(kind, id, 0));
            }
        }
    }
}
