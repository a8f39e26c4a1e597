package dev.feedkit;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/*
 * Layout, 41 bytes, then URL-safe base64 without padding (55 characters):
 *   [0]      format version (1)
 *   [1..8]   viewer id the cursor was issued to
 *   [9..16]  keyset created_at, microseconds since the epoch
 *   [17..24] keyset post id
 *   [25..32] seed
 *   [33..40] the first 8 bytes of HMAC-SHA256(key, bytes 0..32)
 * Checks run in the order that gives the most useful message: alphabet, version, length,
 * signature, viewer. A cursor never reaches a FeedSource until all of them pass.
 */

/** Encodes and decodes the opaque page cursor. Thread-safe. */
final class CursorCodec {
    static final int VERSION = 1;
    private static final int BODY = 33;
    private static final int MAC_BYTES = 8;
    private static final int LENGTH = BODY + MAC_BYTES;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /** A decoded cursor: where the next page starts and the walk's seed. */
    record Cursor(Keyset keyset, long seed) {
    }

    CursorCodec(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    String encode(long viewerId, Keyset keyset, long seed) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put((byte) VERSION).putLong(viewerId).putLong(keyset.createdAtMicros()).putLong(keyset.postId()).putLong(seed);
        b.put(sign(b.array()), 0, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    Cursor decode(String cursor, long viewerId) {
        byte[] raw = decodeBase64(cursor);
        if (raw.length == 0) {
            throw invalid("cursor is malformed: it decodes to no bytes");
        }
        if (raw[0] != VERSION) {
            throw invalid("cursor has unsupported version " + (raw[0] & 0xff) + "; this server reads version " + VERSION);
        }
        if (raw.length < LENGTH) {
            throw invalid("cursor is truncated: expected " + LENGTH + " bytes, got " + raw.length);
        }
        if (raw.length > LENGTH) {
            throw invalid("cursor is malformed: expected " + LENGTH + " bytes, got " + raw.length);
        }
        byte[] expected = sign(raw);
        if (!MessageDigest.isEqual(java.util.Arrays.copyOf(expected, MAC_BYTES),
                java.util.Arrays.copyOfRange(raw, BODY, LENGTH))) {
            throw invalid("cursor was tampered with: its signature does not match");
        }
        ByteBuffer b = ByteBuffer.wrap(raw, 1, BODY - 1);
        if (b.getLong() != viewerId) {
            throw invalid("cursor was issued to another viewer");
        }
        Keyset keyset = new Keyset(b.getLong(), b.getLong());
        long seed = b.getLong();
        if (seed < 0) {
            throw invalid("cursor is malformed: negative seed");
        }
        return new Cursor(keyset, seed);
    }

    private static byte[] decodeBase64(String cursor) {
        try {
            return Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid("cursor is malformed: not URL-safe base64 (" + e.getMessage() + ")");
        }
    }

    private byte[] sign(byte[] bytes) {
        Mac mac = macs.get();
        mac.update(bytes, 0, BODY);
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(InvalidRequestException.INVALID_CURSOR, message);
    }
}
