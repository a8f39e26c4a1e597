package dev.feedkit.redis;

import dev.feedkit.CacheKey;
import dev.feedkit.EntityKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/*
 * Key layout: {prefix}{p:<postId>}, {prefix}{u:<userId>}, {prefix}{r:<viewerId>:<authorId>}. The
 * braces around kind and id are a Redis Cluster hash tag, so that a value and its tombstone (the
 * same key followed by '~') always share a slot and one Lua script can check one and write the
 * other. The prefix therefore must not contain braces.
 */

/** Builds the Redis keys of cache entries and their tombstones. Immutable. */
final class RedisKeys {
    private final byte[] prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    byte[] post(long postId) {
        return key('p', postId, Long.MIN_VALUE);
    }

    byte[] author(long userId) {
        return key('u', userId, Long.MIN_VALUE);
    }

    byte[] relationship(long viewerId, long authorId) {
        return key('r', viewerId, authorId);
    }

    byte[] of(CacheKey key) {
        return of(key.kind(), key.id(), key.viewerId());
    }

    /** The key of {@code id} of {@code kind}; {@code viewerId} is read only for a relationship. */
    byte[] of(EntityKind kind, long id, long viewerId) {
        if (kind == EntityKind.POST) {
            return post(id);
        }
        return kind == EntityKind.AUTHOR ? author(id) : relationship(viewerId, id);
    }

    static byte[] tombstone(byte[] valueKey) {
        byte[] t = Arrays.copyOf(valueKey, valueKey.length + 1);
        t[valueKey.length] = '~';
        return t;
    }

    byte[] pattern() {
        byte[] p = Arrays.copyOf(prefix, prefix.length + 1);
        p[prefix.length] = '*';
        return p;
    }

    private byte[] key(char kind, long first, long second) {
        StringBuilder b = new StringBuilder(48).append('{').append(kind).append(':').append(first);
        if (second != Long.MIN_VALUE) {
            b.append(':').append(second);
        }
        String tail = b.append('}').toString();
        byte[] k = Arrays.copyOf(prefix, prefix.length + tail.length());
        for (int i = 0; i < tail.length(); i++) {
            k[prefix.length + i] = (byte) tail.charAt(i);
        }
        return k;
    }
}
