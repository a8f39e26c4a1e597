package dev.feedkit.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.feedkit.Author;
import dev.feedkit.Media;
import dev.feedkit.Post;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/*
 * Renders the viewer-independent pieces of an item with a jackson-core generator, which does the
 * escaping. A piece is an unfinished object: the generator writes the fields, is flushed, and the
 * bytes that belong between pieces ("author": and "viewer":) are appended to the same buffer. The
 * generator never auto-closes content, so it never adds a closing brace of its own.
 *
 * Every string goes through Surrogates.replaceUnpaired first; with that, combining surrogate pairs
 * into 4-byte UTF-8 (instead of \uD83D\uDE00 escapes) is safe and keeps emoji as they are.
 */

/** Renders posts, authors and stray strings to UTF-8 JSON bytes. Thread-safe. */
final class Fragments {
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString CREATED_AT = new SerializedString("created_at");
    private static final SerializedString TEXT = new SerializedString("text");
    private static final SerializedString MEDIA = new SerializedString("media");
    private static final SerializedString KIND = new SerializedString("kind");
    private static final SerializedString URL = new SerializedString("url");
    private static final SerializedString WIDTH = new SerializedString("width");
    private static final SerializedString HEIGHT = new SerializedString("height");
    private static final SerializedString TAGS = new SerializedString("tags");
    private static final SerializedString STATS = new SerializedString("stats");
    private static final SerializedString LIKES = new SerializedString("likes");
    private static final SerializedString REPLIES = new SerializedString("replies");
    private static final SerializedString USERNAME = new SerializedString("username");
    private static final SerializedString DISPLAY_NAME = new SerializedString("display_name");
    private static final SerializedString AVATAR_URL = new SerializedString("avatar_url");
    private static final SerializedString VERIFIED = new SerializedString("verified");
    private static final byte[] AUTHOR_FIELD = ",\"author\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VIEWER_FIELD = ",\"viewer\":".getBytes(StandardCharsets.US_ASCII);

    private final JsonFactory factory = new JsonFactoryBuilder()
            .characterEscapes(new ScriptSafeEscapes())
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    /**
     * Renders a post without its author: head {@code {"id":..,"created_at":..,"text":..,"author":}
     * and tail {@code ,"media":[..],"tags":[..],"stats":{..}}}.
     */
    PostBytes post(Post p) throws IOException {
        ByteArrayBuilder buf = new ByteArrayBuilder(160 + p.body().length());
        try (JsonGenerator g = factory.createGenerator(buf)) {
            g.writeStartObject();
            g.writeFieldName(ID);
            g.writeString(Long.toString(p.id()));
            g.writeFieldName(CREATED_AT);
            g.writeString(Rfc3339.format(p.createdAt()));
            writeString(g, TEXT, p.body());
            g.flush();
            buf.write(AUTHOR_FIELD);
            int split = buf.size();
            writeMedia(g, p);
            writeTags(g, p);
            writeStats(g, p);
            g.writeEndObject();
            g.flush();
            return new PostBytes(buf.toByteArray(), split);
        }
    }

    /** Renders an author up to its viewer object: {@code {"id":..,..,"verified":..,"viewer":}. */
    byte[] author(Author a) throws IOException {
        ByteArrayBuilder buf = new ByteArrayBuilder(160);
        try (JsonGenerator g = factory.createGenerator(buf)) {
            g.writeStartObject();
            g.writeFieldName(ID);
            g.writeString(Long.toString(a.id()));
            writeString(g, USERNAME, a.username());
            writeString(g, DISPLAY_NAME, a.displayName());
            if (a.avatarUrl() != null) {
                writeString(g, AVATAR_URL, a.avatarUrl());
            }
            g.writeFieldName(VERIFIED);
            g.writeBoolean(a.verified());
            g.flush();
            buf.write(VIEWER_FIELD);
            return buf.toByteArray();
        }
    }

    /** Renders one JSON string value, quotes included. */
    byte[] string(String s) throws IOException {
        ByteArrayBuilder buf = new ByteArrayBuilder(s.length() + 16);
        try (JsonGenerator g = factory.createGenerator(buf)) {
            g.writeString(Surrogates.replaceUnpaired(s));
            g.flush();
            return buf.toByteArray();
        }
    }

    private static void writeMedia(JsonGenerator g, Post p) throws IOException {
        g.writeFieldName(MEDIA);
        g.writeStartArray();
        for (Media m : p.media()) {
            g.writeStartObject();
            g.writeFieldName(KIND);
            g.writeString(m.kind().wire());
            writeString(g, URL, m.url());
            writeNumber(g, WIDTH, m.width());
            writeNumber(g, HEIGHT, m.height());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeTags(JsonGenerator g, Post p) throws IOException {
        g.writeFieldName(TAGS);
        g.writeStartArray();
        for (String tag : p.tags()) {
            g.writeString(Surrogates.replaceUnpaired(tag));
        }
        g.writeEndArray();
    }

    private static void writeStats(JsonGenerator g, Post p) throws IOException {
        g.writeFieldName(STATS);
        g.writeStartObject();
        g.writeFieldName(LIKES);
        g.writeNumber(p.likeCount());
        g.writeFieldName(REPLIES);
        g.writeNumber(p.replyCount());
        g.writeEndObject();
    }

    private static void writeString(JsonGenerator g, SerializedString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(Surrogates.replaceUnpaired(value));
    }

    private static void writeNumber(JsonGenerator g, SerializedString name, Integer value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            g.writeNumber(value.intValue());
        }
    }
}
