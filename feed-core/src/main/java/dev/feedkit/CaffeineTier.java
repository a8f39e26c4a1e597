package dev.feedkit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.LongAdder;

/*
 * The L1. One Caffeine cache holds every kind, bounded by an estimate of retained bytes. Each put
 * chooses its own TTL (kind, jitter, pre-warm multiplier), stored as a deadline and checked against
 * ONE clock read per getAll, instead of Caffeine's per-entry expiry: L1Bench measured Caffeine's
 * variable expiry at ~57 ns per hit (a clock read and timer-wheel upkeep per read) against ~6 ns for
 * a plain bounded cache with the deadline beside the value. An expired entry reads as a miss and is
 * replaced by the load that follows; one that is never read again leaves through the weight bound
 * like any cold entry. The clock is the assembler's Ticker (the cache itself has no expiry, so
 * Caffeine never reads it).
 *
 * Where the deadline lives: in the stored Key, not in a wrapper around the value. A hit then reads
 * the same objects as a raw Caffeine hit (table, node, key, value) instead of one more dependent
 * load per hit through an Entry (~1.5 ns per key in a factorial run beside L1Bench). The lookup key
 * reads it: ConcurrentHashMap.get is specified to return the value of the key k for which
 * lookup.equals(k), so the probe's equals sees the stored key and copies its deadline when it
 * matches. Puts go through asMap().compute, whose function Caffeine calls with the key object
 * already stored (a plain put would keep the old key, and with it the old deadline), and set the
 * deadline under the entry's lock before the new value is published; a reader racing a put may
 * pair the old value with the new deadline or the reverse, which is a read of either version or a
 * miss. The deadline is volatile so that a long is never read torn.
 *
 * Hit path without allocation: lookups use one reusable Key per getAll whose equals/hashCode match
 * the stored Key (one final class for both, so equals's type check is one class compare). Caffeine
 * uses the lookup key only for hashing, comparison and the frequency sketch (never stores it), so
 * the probe is safe as long as it is not shared between threads; escape analysis removes even the
 * one allocation per page. Each hit goes straight into the slot of its key in the page's Entities
 * (aligned with the keys by index; an absence is stored as Entities.ABSENT itself), so delivery is
 * one array store, not a second hash of the id.
 */

/** The in-process L1 tier on Caffeine. Thread-safe. */
final class CaffeineTier implements CacheTier {
    private static final EntityKind[] KINDS = EntityKind.values();

    private final Cache<Key, Object> cache;
    private final Ttl ttl;
    private final Ticker ticker;
    /* Counted once per call, not per key (Caffeine's recordStats would add a LongAdder per lookup). */
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    CaffeineTier(long maximumWeight, Ttl ttl, Ticker ticker) {
        this.ttl = ttl;
        this.ticker = ticker;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maximumWeight)
                .weigher(CaffeineTier::weigh)
                .evictionListener((Key k, Object v, RemovalCause cause) -> evictions.increment())
                .build();
    }

    /**
     * Puts each live entry into the slot of its key: {@code hits} must be aligned with {@code keys}.
     *
     * @throws IllegalArgumentException if {@code hits} is aligned with other keys
     */
    @Override
    public void getAll(EntityKeys keys, Entities hits) {
        if (hits.keys() != keys) {
            throw new IllegalArgumentException("L1 delivers by position: hits must be aligned with keys");
        }
        Key probe = new Key(0, 0, 0);
        long now = ticker.read();
        int found = 0;
        for (EntityKind kind : KINDS) {
            long viewer = kind == EntityKind.RELATIONSHIP ? keys.viewerId() : 0;
            for (int i = 0, n = keys.size(kind); i < n; i++) {
                Object v = cache.getIfPresent(probe.set(kind.ordinal(), keys.id(kind, i), viewer));
                if (v != null && probe.matchedExpiresAt - now > 0) {
                    hits.set(kind, i, v);
                    found++;
                }
            }
        }
        count(found, keys.size() - found);
    }

    private void count(int found, int missed) {
        if (found > 0) {
            this.hits.add(found);
        }
        if (missed > 0) {
            misses.add(missed);
        }
    }

    @Override
    public void putAll(Entities loaded, int ttlMultiplier) {
        EntityKeys keys = loaded.keys();
        int n = 0;
        for (EntityKind kind : KINDS) {
            long viewer = kind == EntityKind.RELATIONSHIP ? keys.viewerId() : 0;
            for (int i = 0; i < keys.size(kind); i++) {
                Object v = loaded.slot(kind, i);
                if (v != null) {
                    put(new Key(kind.ordinal(), keys.id(kind, i), viewer), v, ttlNanos(kind, v, ttlMultiplier));
                    n++;
                }
            }
        }
        if (n > 0) {
            puts.add(n);
        }
    }

    private long ttlNanos(EntityKind kind, Object value, int ttlMultiplier) {
        if (value == Entities.ABSENT) {
            return ttl.negativeNanos();
        }
        return kind == EntityKind.RELATIONSHIP ? ttl.relationshipNanos(ttlMultiplier) : ttl.entityNanos(ttlMultiplier);
    }

    @Override
    public void invalidate(CacheKey key) {
        cache.invalidate(keyOf(key));
    }

    /** Drops every entry. */
    void invalidateAll() {
        cache.invalidateAll();
    }

    /** Returns whether L1 holds a live entry for {@code key}, for tests. */
    boolean contains(CacheKey key) {
        return expiresInNanos(key) > 0;
    }

    /** Returns the remaining lifetime of {@code key} in nanoseconds, or -1, for tests. */
    long expiresInNanos(CacheKey key) {
        Key probe = keyOf(key);
        return cache.getIfPresent(probe) == null ? -1 : probe.matchedExpiresAt - ticker.read();
    }

    long estimatedSize() {
        return cache.estimatedSize();
    }

    /** @return the counters, the entry count and the estimated retained bytes */
    FeedAssembler.L1Stats stats() {
        long weight = cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
        return new FeedAssembler.L1Stats(hits.sum(), misses.sum(), puts.sum(), evictions.sum(), cache.estimatedSize(),
                weight);
    }

    void cleanUp() {
        cache.cleanUp();
    }

    private void put(Key key, Object value, long ttlNanos) {
        // Compared as a difference (expiresAt - now > 0), so even a saturated TTL cannot wrap.
        long expiresAt = ticker.read() + ttlNanos;
        cache.asMap().compute(key, (stored, old) -> {
            stored.expiresAt = expiresAt;
            return value;
        });
    }

    private static Key keyOf(CacheKey key) {
        return new Key(key.kind().ordinal(), key.id(), key.viewerId());
    }

    /**
     * Estimated retained bytes: object headers, fields, two bytes per char of text, and as much
     * again for the JSON a writer may memoize in the entity's {@link Rendered} slot after the
     * entry is weighed (about one byte per char plus the field names).
     */
    static int weigh(Object key, Object value) {
        int base = 64;
        if (value instanceof Post) {
            Post p = (Post) value;
            int w = base + 96 + 200 + 3 * p.body().length() + 48 * p.tags().size() + 160 * p.media().size();
            for (String t : p.tags()) {
                w += 3 * t.length();
            }
            for (Media m : p.media()) {
                w += 3 * m.url().length();
            }
            return w + extraWeight(p.extra());
        }
        if (value instanceof Author) {
            Author a = (Author) value;
            return base + 96 + 120 + 3 * (a.username().length() + a.displayName().length()
                    + (a.avatarUrl() == null ? 0 : a.avatarUrl().length())) + extraWeight(a.extra());
        }
        return base;
    }

    /** Host fields: the text, two bytes per char, and its copy in the memoized JSON. */
    private static int extraWeight(String extra) {
        return extra == null ? 0 : 40 + 3 * extra.length();
    }

    /**
     * A key: the kind's ordinal, the id and, for a relationship, the viewer. A stored key also holds
     * the deadline of its value; a lookup key (a probe, never stored) receives that deadline from
     * {@link #equals} when it matches.
     */
    static final class Key {
        private int kind;
        private long id;
        private long viewer;
        /** Stored keys: the {@link Ticker#read()} at which the value expires; set under the entry's lock. */
        volatile long expiresAt;
        /** Probes: the deadline of the stored key that the last matching equals compared with. */
        long matchedExpiresAt;

        Key(int kind, long id, long viewer) {
            set(kind, id, viewer);
        }

        /** Makes this probe look up another key. */
        Key set(int kind, long id, long viewer) {
            this.kind = kind;
            this.id = id;
            this.viewer = viewer;
            return this;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            if (k.id != id || k.viewer != viewer || k.kind != kind) {
                return false;
            }
            matchedExpiresAt = k.expiresAt;
            return true;
        }

        @Override
        public int hashCode() {
            long h = (id * 0x9E3779B97F4A7C15L) ^ (viewer * 0xC2B2AE3D27D4EB4FL) ^ kind;
            return (int) (h ^ (h >>> 32));
        }
    }
}
