package dev.feedkit.redis;

import dev.feedkit.Entities;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A copy of one {@link dev.feedkit.CacheTier#putAll} batch, waiting for the writer thread: keys,
 * the immutable entities (encoded later, off the request's path) and jittered TTLs.
 */
final class WriteBatch {
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
        int size = loaded.postCount() + loaded.authorCount() + loaded.relationshipCount()
                + loaded.absentPosts().size() + loaded.absentAuthors().size();
        WriteBatch b = new WriteBatch(size, createdNanos);
        int n = 0;
        for (int i = 0; i < loaded.postCount(); i++) {
            n = b.set(n, k.post(loaded.postAt(i).id()), loaded.postAt(i), ttls.entityMillis, multiplier);
        }
        for (int i = 0; i < loaded.authorCount(); i++) {
            n = b.set(n, k.author(loaded.authorAt(i).id()), loaded.authorAt(i), ttls.entityMillis, multiplier);
        }
        for (int i = 0; i < loaded.relationshipCount(); i++) {
            byte[] key = k.relationship(loaded.viewerId(), loaded.relationshipAuthorAt(i));
            n = b.set(n, key, loaded.relationshipAt(i), ttls.relationshipMillis, multiplier);
        }
        for (int i = 0; i < loaded.absentPosts().size(); i++) {
            n = b.set(n, k.post(loaded.absentPosts().get(i)), ValueCodec.ABSENT_MARKER, ttls.absentMillis, 1);
        }
        for (int i = 0; i < loaded.absentAuthors().size(); i++) {
            n = b.set(n, k.author(loaded.absentAuthors().get(i)), ValueCodec.ABSENT_MARKER, ttls.absentMillis, 1);
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
    }
}
