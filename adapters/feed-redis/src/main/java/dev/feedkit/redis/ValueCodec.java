package dev.feedkit.redis;

import dev.feedkit.Author;
import dev.feedkit.ExtraJson;
import dev.feedkit.Keyset;
import dev.feedkit.Media;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/*
 * Why a hand-written binary format: a page reads ~60 values from Redis, so every byte and every
 * allocation counts, and the format must survive a rolling upgrade. The first byte is the format
 * version; a reader that does not know it treats the value as a miss, and the next put overwrites
 * it with the reader's own version. Integers are little-endian fixed width except lengths and
 * counts (unsigned varints). Timestamps are microseconds since the epoch, the precision Post
 * promises. Strings are UTF-8 unless they hold an unpaired surrogate (hostile text must round-trip
 * exactly), in which case they are stored as UTF-16 code units; the low bit of the length says
 * which. Strings are encoded in place, and the writer thread encodes through one Encoder whose
 * buffer it keeps, so a value costs one exact-size array and nothing else.
 *
 * Version 1 layout, after the version byte and a type byte:
 *   POST:         id, authorId, createdAtMicros (8 bytes each), flags (bit0 deleted), deletedAtMicros
 *                 if deleted, likeCount, replyCount (4 bytes each), body, media count, each media:
 *                 kind byte, url, width and height (flag byte bit0/bit1 present, then 4 bytes each),
 *                 tag count, tags
 *   AUTHOR:       id (8 bytes), flags (bit0 verified, bit1 has avatar), username, displayName, avatar
 *   RELATIONSHIP: bits (1 byte, 0..31; bit 4, 16, is the mute, added without a version bump:
 *                 values 0..15 are byte for byte what versions before mutes wrote, so they still
 *                 decode; a pre-mute reader refuses 16..31 as malformed, which counts as a miss)
 *   ABSENT:       nothing
 *
 * Version 2 adds host fields (Post.extra, Author.extra) and is written only for a post or author
 * that has them; everything else is still written as version 1, byte for byte, so a reader of
 * version 1 during a rolling upgrade misses only the values with extra. A reader decodes both:
 *   POST:         as version 1, flags bit1 = has extra, then extra (a string) after the tags
 *   AUTHOR:       as version 1, flags bit2 = has extra, then extra after the avatar
 * A decoded extra is checked as JSON again (ExtraJson, without the size bound, which is the
 * assembler's at store load): a value that a bug or another writer garbled is a miss, never
 * broken output.
 */

/** Encodes cache values in the versioned binary format described above. Stateless. */
final class ValueCodec {
    static final byte VERSION = 1;
    /** The version of a post or author that carries host fields. */
    static final byte VERSION_EXTRA = 2;
    static final byte POST = 1;
    static final byte AUTHOR = 2;
    static final byte RELATIONSHIP = 3;
    static final byte ABSENT = 4;

    private static final byte[][] RELATIONSHIPS = new byte[32][];
    private static final byte[] ABSENT_VALUE = {VERSION, ABSENT};
    private static final Media.Kind[] MEDIA_KINDS = Media.Kind.values();

    static {
        for (int i = 0; i < 32; i++) {
            RELATIONSHIPS[i] = new byte[] {VERSION, RELATIONSHIP, (byte) i};
        }
    }

    private ValueCodec() {
    }

    // ---------------------------------------------------------------- encode

    static byte[] encodePost(Post p) {
        return post(new Out(64 + p.body().length() * 2), p);
    }

    static byte[] encodeAuthor(Author a) {
        return author(new Out(48 + a.username().length() + a.displayName().length() * 2), a);
    }

    static byte[] encodeRelationship(Relationship r) {
        return RELATIONSHIPS[r.bits()];
    }

    static byte[] absent() {
        return ABSENT_VALUE;
    }

    /**
     * Encodes a Post, an Author, a Relationship or {@link #ABSENT_MARKER}.
     *
     * @throws IllegalArgumentException for anything else
     */
    static byte[] encode(Object value) {
        return encode(value, null);
    }

    private static byte[] encode(Object value, Out reuse) {
        if (value instanceof Post) {
            return reuse != null ? post(reuse.reset(), (Post) value) : encodePost((Post) value);
        }
        if (value instanceof Author) {
            return reuse != null ? author(reuse.reset(), (Author) value) : encodeAuthor((Author) value);
        }
        if (value instanceof Relationship) {
            return encodeRelationship((Relationship) value);
        }
        if (value == ABSENT_MARKER) {
            return ABSENT_VALUE;
        }
        throw new IllegalArgumentException("cannot encode " + value);
    }

    /**
     * Encodes values into one buffer that it keeps, so that each value costs one exact-size
     * array: the writer thread encodes every entry of every page through one. Not thread-safe.
     */
    static final class Encoder {
        private final Out out = new Out(Out.KEPT);

        /**
         * Encodes as {@link ValueCodec#encode(Object)} does.
         *
         * @throws IllegalArgumentException for a value of another type
         */
        byte[] encode(Object value) {
            return ValueCodec.encode(value, out);
        }
    }

    private static byte[] post(Out out, Post p) {
        String extra = p.extra();
        out.header(extra == null ? VERSION : VERSION_EXTRA, POST);
        out.i64(p.id());
        out.i64(p.authorId());
        out.i64(p.createdAtMicros());
        out.u8((p.deleted() ? 1 : 0) | (extra != null ? 2 : 0));
        if (p.deleted()) {
            out.i64(Keyset.micros(p.deletedAt()));
        }
        out.i32(p.likeCount());
        out.i32(p.replyCount());
        out.string(p.body());
        out.varint(p.media().size());
        for (Media m : p.media()) {
            media(out, m);
        }
        out.varint(p.tags().size());
        for (String tag : p.tags()) {
            out.string(tag);
        }
        if (extra != null) {
            out.string(extra);
        }
        return out.toArray();
    }

    private static void media(Out out, Media m) {
        out.u8(m.kind().ordinal());
        out.string(m.url());
        out.u8((m.width() != null ? 1 : 0) | (m.height() != null ? 2 : 0));
        if (m.width() != null) {
            out.i32(m.width());
        }
        if (m.height() != null) {
            out.i32(m.height());
        }
    }

    private static byte[] author(Out out, Author a) {
        String extra = a.extra();
        out.header(extra == null ? VERSION : VERSION_EXTRA, AUTHOR);
        out.i64(a.id());
        out.u8((a.verified() ? 1 : 0) | (a.avatarUrl() != null ? 2 : 0) | (extra != null ? 4 : 0));
        out.string(a.username());
        out.string(a.displayName());
        if (a.avatarUrl() != null) {
            out.string(a.avatarUrl());
        }
        if (extra != null) {
            out.string(extra);
        }
        return out.toArray();
    }

    // ---------------------------------------------------------------- decode

    /**
     * Decodes a value.
     *
     * @return a Post, an Author, a Relationship, or {@link #ABSENT_MARKER}
     * @throws IllegalArgumentException for an unknown version or type, or a malformed value
     */
    static Object decode(byte[] value) {
        if (value.length < 2) {
            throw new IllegalArgumentException("value of " + value.length + " bytes is too short");
        }
        if (value[0] != VERSION && value[0] != VERSION_EXTRA) {
            throw new IllegalArgumentException("value version " + value[0] + " is not " + VERSION + " or "
                    + VERSION_EXTRA);
        }
        In in = new In(value, 2);
        Object decoded = decodeBody(value[1], in);
        if (in.pos != value.length) {
            throw new IllegalArgumentException("value has " + (value.length - in.pos) + " trailing bytes");
        }
        return decoded;
    }

    /** What {@link #decode} returns for a negative entry. */
    static final Object ABSENT_MARKER = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };

    private static Object decodeBody(byte type, In in) {
        switch (type) {
            case POST: return decodePost(in);
            case AUTHOR: return decodeAuthor(in);
            case RELATIONSHIP: return Relationship.ofBits(in.u8());
            case ABSENT: return ABSENT_MARKER;
            default: throw new IllegalArgumentException("value type " + type + " is unknown");
        }
    }

    private static Post decodePost(In in) {
        long id = in.i64();
        long authorId = in.i64();
        Instant createdAt = Keyset.instant(in.i64());
        int flags = in.u8();
        Instant deletedAt = (flags & 1) != 0 ? Keyset.instant(in.i64()) : null;
        int likes = in.i32();
        int replies = in.i32();
        String body = in.string();
        int mediaCount = in.count();
        List<Media> media = mediaCount == 0 ? List.of() : new ArrayList<>(mediaCount);
        for (int i = 0; i < mediaCount; i++) {
            media.add(decodeMedia(in));
        }
        int tagCount = in.count();
        List<String> tags = tagCount == 0 ? List.of() : new ArrayList<>(tagCount);
        for (int i = 0; i < tagCount; i++) {
            tags.add(in.string());
        }
        String extra = (flags & 2) != 0 ? extra(in) : null;
        return new Post(id, authorId, body, createdAt, deletedAt, likes, replies, media, tags, extra);
    }

    private static Media decodeMedia(In in) {
        int kind = in.u8();
        if (kind >= MEDIA_KINDS.length) {
            throw new IllegalArgumentException("media kind " + kind + " is unknown");
        }
        String url = in.string();
        int present = in.u8();
        Integer width = (present & 1) != 0 ? in.i32() : null;
        Integer height = (present & 2) != 0 ? in.i32() : null;
        return new Media(MEDIA_KINDS[kind], url, width, height);
    }

    private static Author decodeAuthor(In in) {
        long id = in.i64();
        int flags = in.u8();
        String username = in.string();
        String displayName = in.string();
        String avatar = (flags & 2) != 0 ? in.string() : null;
        String extra = (flags & 4) != 0 ? extra(in) : null;
        return new Author(id, username, displayName, avatar, (flags & 1) != 0, extra);
    }

    private static String extra(In in) {
        String extra = in.string();
        ExtraJson.check(extra, Integer.MAX_VALUE); // IllegalArgumentException: a malformed value
        return extra;
    }

    // ---------------------------------------------------------------- buffers

    /** A growable little-endian byte buffer. */
    private static final class Out {
        /** The most a reused buffer keeps between values; a larger one is dropped after use. */
        static final int KEPT = 16 * 1024;

        private byte[] buf;
        private int pos;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        Out reset() {
            if (buf.length > KEPT) {
                buf = new byte[KEPT];
            }
            pos = 0;
            return this;
        }

        void header(byte version, byte type) {
            u8(version);
            u8(type);
        }

        void u8(int v) {
            ensure(1);
            buf[pos++] = (byte) v;
        }

        void i32(int v) {
            ensure(4);
            for (int i = 0; i < 4; i++) {
                buf[pos++] = (byte) (v >>> (8 * i));
            }
        }

        void i64(long v) {
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buf[pos++] = (byte) (v >>> (8 * i));
            }
        }

        void varint(int v) {
            while ((v & ~0x7F) != 0) {
                u8((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            u8(v);
        }

        /** UTF-8 written in place (no getBytes copy), or UTF-16 code units if not well-formed. */
        void string(String s) {
            int utf8 = utf8Length(s);
            if (utf8 >= 0) {
                varint(utf8 << 1);
                ensure(utf8);
                utf8(s);
                return;
            }
            varint((s.length() << 1) | 1);
            ensure(s.length() * 2);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                buf[pos++] = (byte) c;
                buf[pos++] = (byte) (c >>> 8);
            }
        }

        private void utf8(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    buf[pos++] = (byte) c;
                } else if (c < 0x800) {
                    buf[pos++] = (byte) (0xC0 | c >> 6);
                    buf[pos++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c)) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    buf[pos++] = (byte) (0xF0 | cp >> 18);
                    buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    buf[pos++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    buf[pos++] = (byte) (0xE0 | c >> 12);
                    buf[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
                    buf[pos++] = (byte) (0x80 | c & 0x3F);
                }
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, pos);
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(pos + n, buf.length * 2));
            }
        }

        /** The UTF-8 length of {@code s}, or -1 if it holds an unpaired surrogate. */
        private static int utf8Length(String s) {
            int n = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    n++;
                } else if (c < 0x800) {
                    n += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return -1;
                } else {
                    n += 3;
                }
            }
            return n;
        }
    }

    /** A bounds-checked little-endian reader. */
    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        int u8() {
            need(1);
            return buf[pos++] & 0xFF;
        }

        int i32() {
            need(4);
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v |= (buf[pos++] & 0xFF) << (8 * i);
            }
            return v;
        }

        long i64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (buf[pos++] & 0xFFL) << (8 * i);
            }
            return v;
        }

        int count() {
            int n = varint();
            if (n > buf.length - pos) {
                throw new IllegalArgumentException("count " + n + " exceeds the " + (buf.length - pos) + " bytes left");
            }
            return n;
        }

        String string() {
            int header = varint();
            int length = header >>> 1;
            if ((header & 1) == 0) {
                need(length);
                String s = new String(buf, pos, length, java.nio.charset.StandardCharsets.UTF_8);
                pos += length;
                return s;
            }
            need(length * 2L);
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = (char) ((buf[pos++] & 0xFF) | (buf[pos++] & 0xFF) << 8);
            }
            return new String(chars);
        }

        private int varint() {
            int v = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                int b = u8();
                v |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (v < 0) {
                        throw new IllegalArgumentException("length " + (v & 0xFFFFFFFFL) + " is negative");
                    }
                    return v;
                }
            }
            throw new IllegalArgumentException("varint longer than 5 bytes");
        }

        private void need(long n) {
            if (n > buf.length - pos) {
                throw new IllegalArgumentException("value truncated: need " + n + " bytes at " + pos + " of " + buf.length);
            }
        }
    }
}
