package dev.feedkit;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/*
 * Two layouts, each of a fixed length, then URL-safe base64 without padding.
 *
 * Version 2, chronological walks, 42 bytes (56 characters):
 *   [0]      format version (2; version 1 had no key id and is refused with a message that says so)
 *   [1]      key id: which of the assembler's keys signed it (0..255)
 *   [2..9]   viewer id the cursor was issued to
 *   [10..17] keyset created_at, microseconds since the epoch
 *   [18..25] keyset post id
 *   [26..33] seed
 *   [34..41] the first 8 bytes of HMAC-SHA256(key of that id, bytes 0..33)
 *
 * Version 3, ranked walks, 63 bytes (84 characters): bytes 0..33 as in version 2 (version 3), then
 *   [34..41] the window's anchor created_at: its newest candidate when its first page was read
 *   [42..49] the window's anchor post id
 *   [50..51] position: how many of the window's ranked candidates earlier pages examined (unsigned)
 *   [52..53] the window's size, 1..65535 (unsigned); position == size means the window is done
 *   [54]     flags: bit 0 set if the feed went on past the window when it was read; other bits 0
 *   [55..62] the first 8 bytes of HMAC-SHA256(key of that id, bytes 0..54)
 * In a ranked cursor the keyset is the window's oldest candidate while position < size (the
 * window's floor), then the chronological position past the window. Chronological cursors stay
 * version 2, so every cursor issued before ranked feeds still decodes.
 *
 * Exactly one string encodes a cursor. The JDK decoder accepts '=' padding and ignores the unused
 * low bits of a last character, so several strings decoded to the same cursor; this codec decodes
 * by hand and refuses both, and any character outside the alphabet. 42 and 63 bytes are multiples
 * of 3, so a cursor of the right length has no unused bits at all; the low-bit check still gives
 * shorter or longer strings (an old version-1 cursor is 55 characters) one reading only.
 *
 * Checks run in the order that gives the most useful message: encoding, version, length, key id,
 * signature, viewer, fields. A cursor never reaches a FeedSource until all of them pass.
 */

/** Encodes and decodes the opaque page cursor under the assembler's cursor keys. Thread-safe. */
final class CursorCodec {
    static final int VERSION = 2;
    static final int RANKED_VERSION = 3;
    static final int MAX_KEY_ID = 255;
    private static final int BODY = 34;
    private static final int RANKED_BODY = 55;
    private static final int MAC_BYTES = 8;
    static final int LENGTH = BODY + MAC_BYTES;
    static final int RANKED_LENGTH = RANKED_BODY + MAC_BYTES;
    /** The largest ranked window a cursor can pin. */
    static final int MAX_WINDOW = 0xffff;
    /** Longer strings are refused before decoding: a hostile cursor costs no allocation. */
    private static final int MAX_CHARS = 128;

    private final int currentId;
    private final SecretKeySpec[] keys = new SecretKeySpec[MAX_KEY_ID + 1];
    private final String knownIds;
    private final ThreadLocal<Mac[]> macs = ThreadLocal.withInitial(() -> new Mac[MAX_KEY_ID + 1]);

    /**
     * A decoded cursor: where the next page starts, the walk's seed, and for a ranked walk its window.
     *
     * @param keyset a chronological walk's position; a ranked walk's window floor, or its position past the window
     * @param seed the walk's seed
     * @param window the ranked window, or null for a chronological walk
     */
    record Cursor(Keyset keyset, long seed, Window window) {
        Cursor(Keyset keyset, long seed) {
            this(keyset, seed, null);
        }

        boolean ranked() {
            return window != null;
        }
    }

    /**
     * Where a ranked walk stands in its window.
     *
     * @param anchor the window's newest candidate: the window is at most {@code size} candidates
     *     from it down to the floor
     * @param position how many ranked candidates earlier pages examined, 0..size
     * @param size the window's size, 1..{@value #MAX_WINDOW}
     * @param more whether the feed went on past the window when the window was read
     */
    record Window(Keyset anchor, int position, int size, boolean more) {
        boolean done() {
            return position >= size;
        }
    }

    /**
     * @param currentId the id of the key that signs new cursors; a key of {@code secrets}
     * @param secrets every accepted key by id (0..255): the current one and retired ones
     */
    CursorCodec(int currentId, Map<Integer, byte[]> secrets) {
        if (!secrets.containsKey(currentId)) {
            throw new IllegalArgumentException("no key of the current id " + currentId);
        }
        StringJoiner ids = new StringJoiner(", ");
        new TreeMap<>(secrets).forEach((id, secret) -> {
            keys[id] = new SecretKeySpec(secret.clone(), "HmacSHA256");
            ids.add(id.toString());
        });
        this.currentId = currentId;
        this.knownIds = ids.toString();
    }

    /** A codec with one key, of id 0. */
    CursorCodec(byte[] secret) {
        this(0, Map.of(0, secret));
    }

    String encode(long viewerId, Keyset keyset, long seed) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put((byte) VERSION).put((byte) currentId).putLong(viewerId).putLong(keyset.createdAtMicros())
                .putLong(keyset.postId()).putLong(seed);
        b.put(sign(currentId, b.array(), BODY), 0, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    String encode(long viewerId, Keyset keyset, long seed, Window w) {
        if (w.size() < 1 || w.size() > MAX_WINDOW || w.position() < 0 || w.position() > w.size()) {
            throw new IllegalArgumentException("window out of range: " + w);
        }
        ByteBuffer b = ByteBuffer.allocate(RANKED_LENGTH);
        b.put((byte) RANKED_VERSION).put((byte) currentId).putLong(viewerId).putLong(keyset.createdAtMicros())
                .putLong(keyset.postId()).putLong(seed).putLong(w.anchor().createdAtMicros())
                .putLong(w.anchor().postId()).putShort((short) w.position()).putShort((short) w.size()).put((byte) (w.more() ? 1 : 0));
        b.put(sign(currentId, b.array(), RANKED_BODY), 0, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    String encode(long viewerId, Cursor c) {
        return c.ranked() ? encode(viewerId, c.keyset(), c.seed(), c.window()) : encode(viewerId, c.keyset(), c.seed());
    }

    Cursor decode(String cursor, long viewerId) {
        byte[] raw = decodeBase64(cursor);
        int version = raw[0] & 0xff;
        if (version != VERSION && version != RANKED_VERSION) {
            throw invalid("cursor has unsupported version " + version + "; this server reads versions " + VERSION
                    + " and " + RANKED_VERSION
                    + (version < VERSION ? " (older cursors are no longer accepted: request the first page again)" : ""));
        }
        int body = version == VERSION ? BODY : RANKED_BODY;
        int length = body + MAC_BYTES;
        if (raw.length < length) {
            throw invalid("cursor is truncated: expected " + length + " bytes, got " + raw.length);
        }
        if (raw.length > length) {
            throw invalid("cursor is malformed: expected " + length + " bytes, got " + raw.length);
        }
        int keyId = raw[1] & 0xff;
        if (keys[keyId] == null) {
            throw invalid("cursor was signed with unknown key id " + keyId + "; this server accepts key ids " + knownIds);
        }
        if (!MessageDigest.isEqual(Arrays.copyOf(sign(keyId, raw, body), MAC_BYTES),
                Arrays.copyOfRange(raw, body, length))) {
            throw invalid("cursor was tampered with: its signature does not match");
        }
        ByteBuffer b = ByteBuffer.wrap(raw, 2, body - 2);
        if (b.getLong() != viewerId) {
            throw invalid("cursor was issued to another viewer");
        }
        Keyset keyset = new Keyset(b.getLong(), b.getLong());
        long seed = b.getLong();
        if (seed < 0) {
            throw invalid("cursor is malformed: negative seed");
        }
        return new Cursor(keyset, seed, version == VERSION ? null : window(b));
    }

    private static Window window(ByteBuffer b) {
        Keyset anchor = new Keyset(b.getLong(), b.getLong());
        int position = b.getShort() & 0xffff;
        int size = b.getShort() & 0xffff;
        int flags = b.get() & 0xff;
        if (size == 0 || position > size || (flags & ~1) != 0) {
            throw invalid("cursor is malformed: window position " + position + " of " + size + ", flags " + flags);
        }
        return new Window(anchor, position, size, flags == 1);
    }

    // ---------------------------------------------------------------- canonical base64url

    /** Decodes unpadded base64url, refusing every string but the one the encoder writes. */
    private static byte[] decodeBase64(String s) {
        int n = s.length();
        if (n == 0) {
            throw invalid("cursor is empty; omit it for the first page");
        }
        if (n > MAX_CHARS) {
            throw invalid("cursor is malformed: expected " + LENGTH * 4 / 3 + " or " + RANKED_LENGTH * 4 / 3
                    + " characters, got " + n);
        }
        byte[] out = new byte[n * 3 / 4];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            acc = acc << 6 | sextet(s.charAt(i), i);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        if (n % 4 == 1) {
            throw invalid("cursor is malformed: " + n + " characters is not a base64 length (4k + 1 encodes no whole byte)");
        }
        if (acc != 0) {
            throw invalid("cursor is not canonical: the unused low bits of its last character "
                    + shown(s.charAt(n - 1)) + " must be zero");
        }
        return out;
    }

    private static int sextet(char c, int index) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        if (c == '_') {
            return 63;
        }
        if (c == '=') {
            throw invalid("cursor is malformed: padding '=' at index " + index + "; cursors are base64url without padding");
        }
        throw invalid("cursor is malformed: " + shown(c) + " at index " + index
                + " is not URL-safe base64 (A-Z, a-z, 0-9, '-', '_')");
    }

    /** A client's character for a message: printable ASCII quoted, anything else as U+XXXX. */
    private static String shown(char c) {
        return c > 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    // ---------------------------------------------------------------- signing

    private byte[] sign(int keyId, byte[] bytes, int body) {
        Mac[] perKey = macs.get();
        Mac mac = perKey[keyId];
        if (mac == null) {
            mac = newMac(keys[keyId]);
            perKey[keyId] = mac;
        }
        mac.update(bytes, 0, body);
        return mac.doFinal();
    }

    private static Mac newMac(SecretKeySpec key) {
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
