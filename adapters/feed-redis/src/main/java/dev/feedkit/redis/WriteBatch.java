package dev.feedkit.redis;

import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A copy of one {@link dev.feedkit.CacheTier#putAll} batch, waiting for the writer thread: keys,
 * the immutable entities (encoded later, off the request's path) and jittered TTLs.
 */
final class WriteBatch {
    private static final EntityKind[] KINDS = EntityKind.values();

    /** When the batch was copied, on the tier's ticker. */
    final long createdNanos;
    final byte[][] keys;
    final Object[] values;
    final long[] ttlMillis;

    private WriteBatch(int size, long createdNanos) {
        this.createdNanos = createdNanos;
        keys = new byte[size][];
        values = new Object[size];
        ttlMillis = new long[size];
    }

    static WriteBatch copy(Entities loaded, RedisKeys k, Ttls ttls, int multiplier, long createdNanos) {
        EntityKeys keys = loaded.keys();
        WriteBatch b = new WriteBatch(loaded.count(), createdNanos);
        int n = 0;
        for (EntityKind kind : KINDS) {
            for (int i = 0; i < keys.size(kind); i++) {
                Object value = loaded.valueAt(kind, i);
                if (value != null) {
                    n = b.set(n, k.of(kind, keys.id(kind, i), keys.viewerId()), value, ttls.millis(kind), multiplier);
                } else if (loaded.absentAt(kind, i)) {
                    n = b.set(n, k.of(kind, keys.id(kind, i), keys.viewerId()), ValueCodec.ABSENT_MARKER,
                            ttls.absentMillis, 1);
                }
            }
        }
        return b;
    }

    private int set(int i, byte[] key, Object value, long ttl, int multiplier) {
        keys[i] = key;
        values[i] = value;
        long base = ttl * multiplier;
        ttlMillis[i] = base + ThreadLocalRandom.current().nextLong(base / 10 + 1);
        return i + 1;
    }

    /** The TTLs per kind (absence is never stretched by the multiplier, as in L1), in milliseconds, before jitter (up to +10 %). */
    static final class Ttls {
        final long entityMillis;
        final long relationshipMillis;
        final long absentMillis;

        Ttls(long entityMillis, long relationshipMillis, long absentMillis) {
            this.entityMillis = entityMillis;
            this.relationshipMillis = relationshipMillis;
            this.absentMillis = absentMillis;
        }

        long millis(EntityKind kind) {
            return kind == EntityKind.RELATIONSHIP ? relationshipMillis : entityMillis;
        }
    }
}
