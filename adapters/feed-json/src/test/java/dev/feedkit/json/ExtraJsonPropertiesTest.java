package dev.feedkit.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedkit.ExtraJson;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.Relationship;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Cross-checks core's hand-written ExtraJson against jackson-core: on random texts near valid
 * JSON both accept or both reject, and whatever ExtraJson accepts the writer emits as the same
 * JSON tree.
 */
final class ExtraJsonPropertiesTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final String[] PIECES = {
        "{", "}", "[", "]", ":", ",", "\"", "\"a\"", "\"b\":", "1", "-0", "0.5", "1e3", "2E-2", "01", "1.", ".5",
        "true", "false", "null", "tru", " ", "\n", "\\", "\\n", "\\u00e9", "\\u12", "\\x", "é", "\u2028",
        "\uD83D\uDE00", "</script>", "\u0001",
    };

    @Property(tries = 3000)
    void accepts_exactly_what_jackson_parses_as_one_object(@ForAll("nearJson") String text) {
        if (hasUnpairedSurrogate(text)) {
            // jackson reads chars and lets them through; they cannot be written as UTF-8
            assertThat(accepts(text)).as(text).isFalse();
            return;
        }
        assertThat(accepts(text)).as(text).isEqualTo(jacksonAcceptsObject(text));
    }

    private static boolean hasUnpairedSurrogate(String text) {
        return text.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
    }

    @Property(tries = 1000)
    void what_it_accepts_the_writer_emits_as_the_same_tree(@ForAll("nearJson") String text) throws IOException {
        if (!accepts(text) || hasDuplicateNames(text)) {
            return;
        }
        FeedPage page = new FeedPage(List.of(new FeedItem(HostFieldsTest.withExtra(Pages.post981(), text),
                HostFieldsTest.withExtra(Pages.ada(), text), Relationship.NONE)), null, 1);
        JsonNode item = Pages.json(JsonFeedWriter.create(), page).get("items").get(0);
        assertThat(item.get("extra")).isEqualTo(JACKSON.readTree(text));
        assertThat(item.get("author").get("extra")).isEqualTo(JACKSON.readTree(text));
    }

    @Provide
    Arbitrary<String> nearJson() {
        Arbitrary<String> valid = Arbitraries.of(
                "{}", "{\"a\": 1}", "{\"a\": [1, {\"b\": null}], \"c\": \"\\\"x\\\" \u2028\"}",
                "{\"k\": {\"l\": [true, false, -1.5e+2, \"\uD83D\uDE00 </script>\"]}}", "{\"s\": \"\\u00e9\\n\\/\"}");
        Arbitrary<String> mutated = Arbitraries.oneOf(valid, valid).flatMap(v -> Arbitraries.integers().between(0, v.length())
                .flatMap(at -> Arbitraries.of(PIECES).flatMap(piece -> Arbitraries.integers().between(0, 2)
                        .map(kind -> mutate(v, at, piece, kind)))));
        Arbitrary<String> built = Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(12).map(l -> "{" + String.join("", l));
        return Arbitraries.frequencyOf(Tuple.of(2, valid), Tuple.of(5, mutated), Tuple.of(3, built));
    }

    private static String mutate(String v, int at, String piece, int kind) {
        switch (kind) {
            case 0: return v.substring(0, at) + piece + v.substring(at);
            case 1: return v.substring(0, at) + v.substring(Math.min(v.length(), at + 1));
            default: return v.substring(0, at) + piece + v.substring(Math.min(v.length(), at + 1));
        }
    }

    private static boolean accepts(String text) {
        try {
            ExtraJson.check(text, Integer.MAX_VALUE);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Jackson's strict reading: one root object and nothing after it. */
    private static boolean jacksonAcceptsObject(String text) {
        try (JsonParser p = JACKSON.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasDuplicateNames(String text) {
        try {
            Pages.parse(("{\"x\":" + text + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return false;
        } catch (AssertionError e) {
            return true;
        }
    }
}
