package dev.feedkit.json;

import dev.feedkit.Author;
import dev.feedkit.ExtraJson;
import dev.feedkit.Media;
import dev.feedkit.Post;
import java.nio.charset.StandardCharsets;
import java.util.List;

/*
 * Renders the viewer-independent pieces of an item into a JsonBuffer (which does the escaping;
 * its comment says why it is not jackson-core) and copies them out once, at their exact size:
 * that copy is what the memo keeps. A piece is an unfinished object that ends with the name of
 * the field the writer fills per request ("author": and "viewer":). Field names and punctuation
 * are constants, so a fragment is a run of array copies between escaped values. Lists are walked
 * by index (Post keeps immutable, random-access copies): an iterator per list was the last
 * allocation per item besides the memo. Host fields ("extra") are checked JSON text, copied as
 * they are (JsonBuffer.json); an entity without them renders the same bytes as before they existed.
 */

/** Renders posts and authors to UTF-8 JSON bytes. Stateless; the buffer is the caller's. */
final class Fragments {
    private static final byte[] ID = ascii("{\"id\":\"");
    private static final byte[] CREATED_AT = ascii("\",\"created_at\":");
    private static final byte[] TEXT = ascii(",\"text\":");
    private static final byte[] AUTHOR = ascii(",\"author\":");
    private static final byte[] MEDIA = ascii(",\"media\":[");
    private static final byte[] KIND = ascii("{\"kind\":");
    private static final byte[] NEXT_KIND = ascii(",{\"kind\":");
    private static final byte[] URL = ascii(",\"url\":");
    private static final byte[] WIDTH = ascii(",\"width\":");
    private static final byte[] HEIGHT = ascii(",\"height\":");
    private static final byte[] TAGS = ascii("],\"tags\":[");
    private static final byte[] LIKES = ascii("],\"stats\":{\"likes\":");
    private static final byte[] REPLIES = ascii(",\"replies\":");
    private static final byte[] POST_END = ascii("}}");
    private static final byte[] USERNAME = ascii("\",\"username\":");
    private static final byte[] DISPLAY_NAME = ascii(",\"display_name\":");
    private static final byte[] AVATAR_URL = ascii(",\"avatar_url\":");
    private static final byte[] VERIFIED_TRUE = ascii(",\"verified\":true,\"viewer\":");
    private static final byte[] VERIFIED_FALSE = ascii(",\"verified\":false,\"viewer\":");
    private static final byte[] VERIFIED_TRUE_EXTRA = ascii(",\"verified\":true,\"extra\":");
    private static final byte[] VERIFIED_FALSE_EXTRA = ascii(",\"verified\":false,\"extra\":");
    private static final byte[] VIEWER = ascii(",\"viewer\":");
    private static final byte[] EXTRA = ascii(",\"extra\":");

    private Fragments() {
    }

    /**
     * Renders a post without its author: head {@code {"id":..,"created_at":..,"text":..,"author":}
     * and tail {@code ,"media":[..],"tags":[..],"stats":{..}}} or, with host fields,
     * {@code ,"media":[..],"tags":[..],"stats":{..},"extra":{..}}}.
     *
     * @param p the post
     * @param out scratch space, reset first
     * @return the post's bytes, in a new array of their exact size
     */
    static PostBytes post(Post p, JsonBuffer out) {
        out.reset();
        out.raw(ID);
        out.decimal(p.id());
        out.raw(CREATED_AT);
        out.timestamp(p.createdAt());
        out.raw(TEXT);
        out.string(p.body());
        out.raw(AUTHOR);
        int split = out.size();
        writeMedia(p, out);
        writeTags(p, out);
        out.raw(LIKES);
        out.decimal(p.likeCount());
        out.raw(REPLIES);
        out.decimal(p.replyCount());
        String extra = valid(p.extra());
        if (extra == null) {
            out.raw(POST_END);
        } else {
            out.raw('}');
            out.raw(EXTRA);
            out.json(extra);
            out.raw('}');
        }
        return new PostBytes(out.toByteArray(), split);
    }

    /**
     * Renders an author up to its viewer object: {@code {"id":..,..,"verified":..,"viewer":}, with
     * {@code "extra":{..}} before {@code "viewer":} when the author has host fields.
     *
     * @param a the author
     * @param out scratch space, reset first
     * @return the author's bytes, in a new array of their exact size
     */
    static byte[] author(Author a, JsonBuffer out) {
        out.reset();
        out.raw(ID);
        out.decimal(a.id());
        out.raw(USERNAME);
        out.string(a.username());
        out.raw(DISPLAY_NAME);
        out.string(a.displayName());
        if (a.avatarUrl() != null) {
            out.raw(AVATAR_URL);
            out.string(a.avatarUrl());
        }
        String extra = valid(a.extra());
        if (extra == null) {
            out.raw(a.verified() ? VERIFIED_TRUE : VERIFIED_FALSE);
        } else {
            out.raw(a.verified() ? VERIFIED_TRUE_EXTRA : VERIFIED_FALSE_EXTRA);
            out.json(extra);
            out.raw(VIEWER);
        }
        return out.toByteArray();
    }

    /**
     * Returns {@code extra} if it is a JSON object, else null. The assembler checked it when the
     * store delivered it (and warned about a bad one); this second check, once per rendering and
     * not per memo hit, keeps a page built by hand from ever producing broken output.
     */
    private static String valid(String extra) {
        if (extra == null) {
            return null;
        }
        try {
            ExtraJson.check(extra, Integer.MAX_VALUE);
            return extra;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void writeMedia(Post p, JsonBuffer out) {
        out.raw(MEDIA);
        List<Media> media = p.media();
        for (int i = 0; i < media.size(); i++) {
            Media m = media.get(i);
            out.raw(i == 0 ? KIND : NEXT_KIND);
            out.string(m.kind().wire());
            out.raw(URL);
            out.string(m.url());
            writeNumber(WIDTH, m.width(), out);
            writeNumber(HEIGHT, m.height(), out);
            out.raw('}');
        }
    }

    private static void writeTags(Post p, JsonBuffer out) {
        out.raw(TAGS);
        List<String> tags = p.tags();
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.string(tags.get(i));
        }
    }

    private static void writeNumber(byte[] name, Integer value, JsonBuffer out) {
        if (value != null) {
            out.raw(name);
            out.decimal(value.intValue());
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
