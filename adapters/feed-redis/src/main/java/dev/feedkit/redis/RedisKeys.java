package dev.feedkit.redis;

import dev.feedkit.CacheKey;
import dev.feedkit.EntityKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/*
 * Key layout: {namespace}{p:<postId>}, {prefix}{u:<userId>}, {prefix}{r:<viewerId>:<authorId>}. The
 * braces around kind and id are a Redis Cluster hash tag, so that a value and its tombstone (the
 * same key followed by '~') always share a slot and one Lua script can check one and write the
 * other. The prefix therefore must not contain braces.
 *
 * The namespace is the host's prefix followed by the format version, `v2:`: two releases whose key
 * layout or value encoding differ read and write different keys, so during a rolling deploy neither
 * decodes (or overwrites) the other's values. Format 1 was the unversioned layout of earlier
 * releases (`{prefix}{p:1}`); an invalidation also deletes that key, which shares the hash tag and
 * therefore the slot. Bump FORMAT with any change to the layout or to ValueCodec's encoding.
 */

/** Builds the Redis keys of cache entries and their tombstones. Immutable. */
final class RedisKeys {
    /** The version of the key layout and value encoding, part of every key's namespace. */
    static final int FORMAT = 2;

    private final byte[] prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the namespace of this release's keys under the host's {@code prefix} */
    static String namespace(String prefix) {
        return prefix + "v" + FORMAT + ":";
    }

    byte[] post(long postId) {
        return key('p', postId, 0, false);
    }

    byte[] author(long userId) {
        return key('u', userId, 0, false);
    }

    byte[] relationship(long viewerId, long authorId) {
        return key('r', viewerId, authorId, true);
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

    // The key is written straight into its array: a page builds ~60 keys to read and as many to
    // write, and a StringBuilder, a String and a copy per key were most of what a read allocated.
    private byte[] key(char kind, long first, long second, boolean two) {
        int length = prefix.length + 4 + length(first) + (two ? 1 + length(second) : 0);
        byte[] k = Arrays.copyOf(prefix, length);
        int at = prefix.length;
        k[at++] = '{';
        k[at++] = (byte) kind;
        k[at++] = ':';
        at = decimal(k, at, first);
        if (two) {
            k[at++] = ':';
            at = decimal(k, at, second);
        }
        k[at] = '}';
        return k;
    }

    /** The length of {@code v} in decimal ASCII, sign included. */
    static int length(long v) {
        int n = v < 0 ? 2 : 1;
        for (long rest = v / 10; rest != 0; rest /= 10) {
            n++;
        }
        return n;
    }

    /** Writes {@code v} in decimal ASCII at {@code at}; returns the index after it. */
    static int decimal(byte[] out, int at, long v) {
        int end = at + length(v);
        if (v < 0) {
            out[at] = '-';
        }
        long rest = v;
        for (int i = end - 1; i >= at + (v < 0 ? 1 : 0); i--) {
            out[i] = (byte) ('0' + Math.abs(rest % 10));
            rest /= 10;
        }
        return end;
    }
}
