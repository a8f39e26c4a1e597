package dev.feedkit.redis;

import dev.feedkit.Keyset;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/*
 * Key layout: <prefix>tl:{<viewer>} holds a viewer's timeline, <prefix>tl:{<viewer>}:rebuild the
 * pushes that arrive while it is being rebuilt. The braces are a Redis Cluster hash tag, so both
 * keys of a viewer share a slot and one script can move one into the other.
 *
 * Member layout: every score is 0, so a sorted set orders its members by their bytes. An entry is
 * 25 bytes, 0x01 then createdAtMicros, postId and authorId as big-endian longs; all three are
 * non-negative, so byte order is (createdAtMicros, postId) order, the keyset order, and ties on
 * created_at break by id exactly as the keyset does. A state marker is 0x00 followed by one ASCII
 * letter, so it sorts below every entry: 'c' (complete) or 't' (truncated) in a timeline, 'b' in a
 * rebuild. A timeline therefore exists, even empty, as long as its marker does.
 *
 * A keyset page is ZREVRANGEBYLEX from the exclusive bound "(" + 0x01 + micros + id down to "-":
 * every entry of that post (whatever its author bytes) is longer than the bound with the bound as
 * prefix, hence above it and left out. The marker is returned when the page reaches the bottom.
 */

/** Builds the Redis keys of timelines and encodes their members. Immutable. */
final class TimelineKeys {
    static final int ENTRY_BYTES = 25;
    static final byte ENTRY = 0x01;
    static final byte MARKER = 0x00;
    static final byte COMPLETE = 'c';
    static final byte TRUNCATED = 't';
    private static final byte[] REBUILD_SUFFIX = ":rebuild".getBytes(StandardCharsets.US_ASCII);
    /** The exclusive bound below every entry: a position no entry comes after. */
    private static final byte[] BELOW_ENTRIES = {'(', ENTRY};

    private final byte[] prefix;

    TimelineKeys(String prefix) {
        this.prefix = (prefix + "tl:").getBytes(StandardCharsets.UTF_8);
    }

    byte[] timeline(long viewerId) {
        byte[] tag = ("{" + viewerId + "}").getBytes(StandardCharsets.US_ASCII);
        byte[] k = Arrays.copyOf(prefix, prefix.length + tag.length);
        System.arraycopy(tag, 0, k, prefix.length, tag.length);
        return k;
    }

    static byte[] rebuild(byte[] timelineKey) {
        byte[] k = Arrays.copyOf(timelineKey, timelineKey.length + REBUILD_SUFFIX.length);
        System.arraycopy(REBUILD_SUFFIX, 0, k, timelineKey.length, REBUILD_SUFFIX.length);
        return k;
    }

    static byte[] entry(long postId, long authorId, long createdAtMicros) {
        return ByteBuffer.allocate(ENTRY_BYTES).put(ENTRY).putLong(createdAtMicros).putLong(postId).putLong(authorId)
                .array();
    }

    static byte[] author(long authorId) {
        return ByteBuffer.allocate(Long.BYTES).putLong(authorId).array();
    }

    /** @return the exclusive ZREVRANGEBYLEX upper bound of the page after {@code after} */
    static byte[] bound(Keyset after) {
        if (after.createdAtMicros() < 0) {
            return BELOW_ENTRIES;
        }
        return ByteBuffer.allocate(2 + 2 * Long.BYTES).put((byte) '(').put(ENTRY).putLong(after.createdAtMicros())
                .putLong(Math.max(0, after.postId())).array();
    }

    static boolean isEntry(byte[] member) {
        return member.length == ENTRY_BYTES && member[0] == ENTRY;
    }

    /** @return the state letter of a marker, or 0 if {@code member} is not one */
    static byte marker(byte[] member) {
        return member.length == 2 && member[0] == MARKER ? member[1] : 0;
    }

    static long createdAtMicros(byte[] entry) {
        return ByteBuffer.wrap(entry, 1, 8).getLong();
    }

    static long postId(byte[] entry) {
        return ByteBuffer.wrap(entry, 9, 8).getLong();
    }

    static long authorId(byte[] entry) {
        return ByteBuffer.wrap(entry, 17, 8).getLong();
    }
}
