package dev.feedkit.examples.naive;

import dev.feedkit.InvalidRequestException;
import dev.feedkit.Keyset;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/*
 * The same wire format as feedkit's cursor (version 2; key id 0, as FeedAssembler.Builder's
 * cursorKey(byte[]); viewer, keyset time, keyset post id, seed; the first 8 bytes of HMAC-SHA256;
 * URL-safe base64 without padding), so that the naive service and FeedAssembler answer the same
 * request with the same bytes and accept each other's cursors. Naive on purpose: one key, and the
 * JDK's lenient base64 decoder.
 */

/** Encodes and decodes page cursors for {@link NaiveFeedService}. Thread-safe. */
final class NaiveCursor {
    private static final int VERSION = 2;
    private static final int KEY_ID = 0;
    private static final int BODY = 34;
    private static final int LENGTH = BODY + 8;

    private final SecretKeySpec key;

    /** Where a page continues, and the walk's seed. */
    record Position(Keyset keyset, long seed) {
    }

    NaiveCursor(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    String encode(long viewerId, Keyset keyset, long seed) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put((byte) VERSION).put((byte) KEY_ID).putLong(viewerId).putLong(keyset.createdAtMicros()).putLong(keyset.postId()).putLong(seed);
        b.put(sign(b.array()), 0, 8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    Position decode(String cursor, long viewerId) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid("cursor is malformed: not URL-safe base64");
        }
        if (raw.length != LENGTH || raw[0] != VERSION || raw[1] != KEY_ID) {
            throw invalid("cursor is malformed: expected version " + VERSION + ", key id " + KEY_ID + " and " + LENGTH
                    + " bytes, got " + raw.length);
        }
        if (!MessageDigest.isEqual(Arrays.copyOf(sign(raw), 8), Arrays.copyOfRange(raw, BODY, LENGTH))) {
            throw invalid("cursor was tampered with: its signature does not match");
        }
        ByteBuffer b = ByteBuffer.wrap(raw, 2, BODY - 2);
        if (b.getLong() != viewerId) {
            throw invalid("cursor was issued to another viewer");
        }
        return new Position(new Keyset(b.getLong(), b.getLong()), b.getLong());
    }

    private byte[] sign(byte[] bytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(bytes, 0, BODY);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(InvalidRequestException.INVALID_CURSOR, message);
    }
}
