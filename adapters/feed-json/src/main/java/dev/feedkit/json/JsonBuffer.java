package dev.feedkit.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/*
 * Why hand-written: this buffer is where an entity's JSON is rendered the first time it is
 * written. jackson-core did it before, with a generator (its own buffers and context) created per
 * fragment, two per item: ~73 KB allocated per 20-item page and 0.5-0.7x databind's pages/s.
 * Rendering needs only what the format of docs/CONTRACT.md asks of a string, so it is done here, over one array
 * reused for every fragment of a page:
 *
 *   '"' and '\' get a backslash; \b \t \n \f \r their short escapes; other controls \\u00XX (upper
 *   case hex, as jackson-core wrote them); U+2028/U+2029 \\u2028/\\u2029 (safe in JavaScript); a
 *   surrogate pair one 4-byte UTF-8 sequence; an unpaired surrogate U+FFFD; everything else, '/'
 *   '<' '>' and U+007F included, its plain UTF-8 bytes.
 *
 * Strings are escaped in segments of SEGMENT chars, each checked once against the worst case of
 * 6 bytes per char, so the inner loop has no bounds logic of its own. A run of ASCII that needs
 * no escape is found first and copied by String.getBytes(int, int, byte[], int), deprecated
 * because it drops each char's high byte, which is exactly right for ASCII; for a Latin-1 string
 * it is one array copy. (Copying the chars out with String.getChars first, as jackson does,
 * measured no faster.) The array grows only for a fragment larger than it (a 20,000-character
 * body) and shrinks back on reset, so a pooled buffer never keeps more than RETAINED bytes.
 */

/** A reusable, growable buffer of UTF-8 JSON, for one thread at a time. */
final class JsonBuffer {
    private static final int SEGMENT = 1024;
    private static final int MAX_BYTES_PER_CHAR = 6;
    private static final int RETAINED = 64 * 1024;
    private static final int MAX_LONG_CHARS = 20;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** For each ASCII char: 0 when written as it is, else the char after the backslash ('u': \\u00XX). */
    private static final byte[] ESCAPES = asciiEscapes();

    private final int initialSize;
    private byte[] buf;
    private int pos;

    JsonBuffer(int initialSize) {
        this.initialSize = initialSize;
        this.buf = new byte[initialSize];
    }

    /** Empties the buffer, dropping an array that grew past what a pool should keep. */
    void reset() {
        pos = 0;
        if (buf.length > RETAINED) {
            buf = new byte[initialSize];
        }
    }

    /** @return the bytes written since the last reset */
    int size() {
        return pos;
    }

    /** @return a copy of exactly the bytes written since the last reset */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Copies everything written since the last reset to {@code sink}. */
    void writeTo(Sink sink) throws IOException {
        sink.write(buf, 0, pos);
    }

    /** Appends bytes that are JSON already, such as {@code ,"media":[}. */
    void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /** Appends {@code s}, which is plain ASCII that needs no escaping (a checked field name). */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int), see the class comment
    void ascii(String s) {
        ensure(s.length());
        s.getBytes(0, s.length(), buf, pos);
        pos += s.length();
    }

    /** Appends one ASCII character. */
    void raw(char c) {
        ensure(1);
        buf[pos++] = (byte) c;
    }

    /** Appends {@code v} in decimal. */
    void decimal(long v) {
        if (v == Long.MIN_VALUE) {
            raw(Long.toString(v).getBytes(StandardCharsets.US_ASCII)); // has no positive twin
            return;
        }
        ensure(MAX_LONG_CHARS);
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int end = pos + digits(v);
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos = end;
    }

    /** Appends {@code t} as a quoted RFC 3339 string (see {@link Rfc3339}). */
    void timestamp(Instant t) {
        ensure(Rfc3339.MAX_LENGTH + 2);
        buf[pos++] = '"';
        pos = Rfc3339.write(t, buf, pos);
        buf[pos++] = '"';
    }

    /** Appends {@code s} as a quoted, escaped JSON string. */
    void string(String s) {
        raw('"');
        int i = 0;
        int n = s.length();
        while (i < n) {
            int end = Math.min(n, i + SEGMENT);
            ensure((end - i) * MAX_BYTES_PER_CHAR);
            i = segment(s, i, end);
        }
        raw('"');
    }

    /**
     * Appends {@code s}, the text of a JSON value checked by {@code ExtraJson} (so it holds no
     * unpaired surrogate and no raw control character), as UTF-8, with U+2028 and U+2029 written
     * as {@code \u2028} and {@code \u2029}: valid JSON has them only inside strings, so the
     * escape keeps the value and makes it safe in JavaScript, as {@link #string} does.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int), see the class comment
    void json(String s) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            int end = Math.min(n, i + SEGMENT);
            ensure((end - i) * MAX_BYTES_PER_CHAR);
            byte[] b = buf;
            int p = pos;
            while (i < end) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    int plain = i + 1;
                    while (plain < end && s.charAt(plain) < 0x80) {
                        plain++;
                    }
                    s.getBytes(i, plain, b, p);
                    p += plain - i;
                    i = plain;
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | c >> 6);
                    b[p++] = (byte) (0x80 | c & 0x3F);
                    i++;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    p = fourBytes(Character.toCodePoint(c, s.charAt(i + 1)), b, p);
                    i += 2;
                } else if (c == '\u2028' || c == '\u2029') {
                    p = unicodeEscape(c, b, p);
                    i++;
                } else {
                    p = threeBytes(Character.isSurrogate(c) ? Surrogates.REPLACEMENT : c, b, p);
                    i++;
                }
            }
            pos = p;
        }
    }

    // ---- escaping ---------------------------------------------------------------------------

    /**
     * Writes the chars of {@code s} from {@code i} to {@code end}, the room for which is ensured;
     * returns where the next segment starts (one past {@code end} when a pair straddles it).
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int), see the class comment
    private int segment(String s, int i, int end) {
        byte[] b = buf;
        int p = pos;
        while (i < end) {
            int plain = plainEnd(s, i, end);
            if (plain > i) {
                s.getBytes(i, plain, b, p);
                p += plain - i;
                i = plain;
                continue;
            }
            char c = s.charAt(i++);
            if (c < 0x80) {
                p = escapeAscii(c, ESCAPES[c], b, p);
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i < s.length() && Character.isLowSurrogate(s.charAt(i))) {
                    p = fourBytes(Character.toCodePoint(c, s.charAt(i++)), b, p);
                } else {
                    p = threeBytes(Surrogates.REPLACEMENT, b, p);
                }
            } else if (c == '\u2028' || c == '\u2029') {
                p = unicodeEscape(c, b, p);
            } else {
                p = threeBytes(c, b, p);
            }
        }
        pos = p;
        return i;
    }

    /** @return the end of the run from {@code i} of ASCII chars that are written as they are */
    private static int plainEnd(String s, int i, int end) {
        while (i < end) {
            char c = s.charAt(i);
            if (c >= 0x80 || ESCAPES[c] != 0) {
                return i;
            }
            i++;
        }
        return end;
    }

    private static int escapeAscii(char c, byte esc, byte[] b, int p) {
        if (esc == 'u') {
            return unicodeEscape(c, b, p);
        }
        b[p] = '\\';
        b[p + 1] = esc;
        return p + 2;
    }

    private static int unicodeEscape(char c, byte[] b, int p) {
        b[p] = '\\';
        b[p + 1] = 'u';
        b[p + 2] = HEX[c >> 12];
        b[p + 3] = HEX[c >> 8 & 0xF];
        b[p + 4] = HEX[c >> 4 & 0xF];
        b[p + 5] = HEX[c & 0xF];
        return p + 6;
    }

    private static int threeBytes(char c, byte[] b, int p) {
        b[p] = (byte) (0xE0 | c >> 12);
        b[p + 1] = (byte) (0x80 | c >> 6 & 0x3F);
        b[p + 2] = (byte) (0x80 | c & 0x3F);
        return p + 3;
    }

    private static int fourBytes(int cp, byte[] b, int p) {
        b[p] = (byte) (0xF0 | cp >> 18);
        b[p + 1] = (byte) (0x80 | cp >> 12 & 0x3F);
        b[p + 2] = (byte) (0x80 | cp >> 6 & 0x3F);
        b[p + 3] = (byte) (0x80 | cp & 0x3F);
        return p + 4;
    }

    private static byte[] asciiEscapes() {
        byte[] table = new byte[0x80];
        Arrays.fill(table, 0, 0x20, (byte) 'u');
        table['\b'] = 'b';
        table['\t'] = 't';
        table['\n'] = 'n';
        table['\f'] = 'f';
        table['\r'] = 'r';
        table['"'] = '"';
        table['\\'] = '\\';
        return table;
    }

    // ---- room -------------------------------------------------------------------------------

    private void ensure(int room) {
        if (room > buf.length - pos) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, pos + room));
        }
    }

    private static int digits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }
}
