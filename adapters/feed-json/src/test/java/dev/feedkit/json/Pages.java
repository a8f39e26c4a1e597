package dev.feedkit.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.feedkit.Author;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.Media;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Hand-built pages and a strict reader of the writer's output, shared by the tests. */
final class Pages {
    static final Instant CREATED_AT = Instant.parse("2026-11-20T10:15:30.123456Z");

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Pages() {
    }

    /** docs/CONTRACT.md's example author, Ada. */
    static Author ada() {
        return new Author(42, "ada", "Ada Lovelace", "https://cdn.example/a/42.jpg", true);
    }

    /** docs/CONTRACT.md's example post, 981 by Ada. */
    static Post post981() {
        return new Post(981, 42, "hello", CREATED_AT, null, 10, 2,
                List.of(new Media(Media.Kind.IMAGE, "https://cdn.example/m/1.jpg", 1080, 1350)),
                List.of("java", "perf"));
    }

    /** A post with no media, no tags and no counts. */
    static Post plainPost(long id, long authorId, String body) {
        return new Post(id, authorId, body, CREATED_AT, null, 0, 0, List.of(), List.of());
    }

    /** docs/CONTRACT.md's example page: post 981 by Ada, whom the viewer follows. */
    static FeedPage specPage() {
        return new FeedPage(List.of(new FeedItem(post981(), ada(), Relationship.of(true, false, false, false))),
                "opaque-cursor", 1234567);
    }

    /** Writes {@code page} and returns the bytes. */
    static byte[] bytes(JsonFeedWriter writer, FeedPage page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(page, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes {@code page} and parses it strictly: valid UTF-8, valid JSON, no duplicate keys. */
    static JsonNode json(JsonFeedWriter writer, FeedPage page) {
        return parse(bytes(writer, page));
    }

    /** Parses {@code bytes} strictly: valid UTF-8, valid JSON, no duplicate keys, nothing after. */
    static JsonNode parse(byte[] bytes) {
        try {
            return STRICT.readTree(utf8(bytes));
        } catch (IOException e) {
            throw new AssertionError("not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Decodes {@code bytes}, failing on any malformed or unmappable UTF-8. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("not valid UTF-8: " + e, e);
        }
    }

    /**
     * What text should read as after a round trip, derived independently of the writer: code
     * point by code point, an unpaired surrogate (which {@code codePoints()} yields alone) becomes
     * U+FFFD.
     */
    static String expectedText(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.appendCodePoint(cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp));
        return sb.toString();
    }
}
