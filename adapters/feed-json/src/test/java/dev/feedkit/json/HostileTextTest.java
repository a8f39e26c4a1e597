package dev.feedkit.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedkit.Author;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.Media;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

final class HostileTextTest {
    private final JsonFeedWriter writer = JsonFeedWriter.create();

    /** Every piece of text that needs care, each alone and at the start, middle and end of text. */
    static Stream<String> hostileTexts() {
        List<String> pieces = new ArrayList<>(List.of(
                "\"", "\\", "\\\"", "\u007f", "\u2028", "\u2029", "/", "</script>",
                "\uD83D\uDE00", "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u00e9", "\uFFFD", "\uFFFF",
                "\uD83D", "\uDE00", "\uDE00\uD83D", "\uD83D\uD83D\uDE00", "\uD83D\uDE00\uDE00", "\uDBFF\uDFFF",
                "\uD800\uD800", "\uDC00\uDC00"));
        for (char c = 0; c < 0x20; c++) {
            pieces.add(String.valueOf(c));
        }
        return pieces.stream().flatMap(p -> Stream.of(p, p + "abc", "ab" + p + "cd", "abc" + p));
    }

    @ParameterizedTest
    @MethodSource("hostileTexts")
    void hostile_text_round_trips_through_every_string_field(String text) {
        assertRoundTrip(writer, text);
    }

    @Test
    void line_and_paragraph_separators_are_escaped_for_javascript() {
        byte[] bytes = Pages.bytes(writer, page("a\u2028b\u2029c"));
        String raw = Pages.utf8(bytes);

        assertThat(raw).doesNotContain("\u2028", "\u2029").contains("a\\u2028b\\u2029c");
    }

    @Test
    void emoji_stay_four_byte_utf8_not_escaped_surrogates() {
        String raw = Pages.utf8(Pages.bytes(writer, page("hi \uD83D\uDE00")));

        assertThat(raw).contains("\"text\":\"hi \uD83D\uDE00\"").doesNotContainIgnoringCase("\\ud83d");
    }

    @Test
    void unpaired_surrogates_become_replacement_characters() {
        JsonNode item = Pages.json(writer, page("\uDE00a\uD83Db\uD83D")).get("items").get(0);

        assertThat(item.get("text").textValue()).isEqualTo("\uFFFDa\uFFFDb\uFFFD");
    }

    @Test
    void text_without_surrogates_is_not_copied() {
        String text = "plain \u00e9 text";

        assertThat(Surrogates.replaceUnpaired(text)).isSameAs(text);
    }

    /** Puts {@code text} in every string field and the cursor, writes, and checks each reads back. */
    static void assertRoundTrip(JsonFeedWriter writer, String text) {
        String expected = Pages.expectedText(text);
        JsonNode page = Pages.parse(Pages.bytes(writer, page(text)));
        JsonNode item = page.get("items").get(0);
        JsonNode author = item.get("author");

        assertThat(item.get("text").textValue()).isEqualTo(expected);
        assertThat(author.get("username").textValue()).isEqualTo(expected);
        assertThat(author.get("display_name").textValue()).isEqualTo(expected);
        assertThat(author.get("avatar_url").textValue()).isEqualTo(expected);
        assertThat(item.get("media").get(0).get("url").textValue()).isEqualTo(expected);
        assertThat(item.get("tags").get(0).textValue()).isEqualTo(expected);
        assertThat(item.get("tags").get(1).textValue()).isEqualTo("after");
        assertThat(item.get("stats").get("likes").intValue()).isEqualTo(3);
        assertThat(page.get("next_page").textValue()).isEqualTo(expected);
        assertThat(page.get("seed").longValue()).isEqualTo(5);
    }

    private static FeedPage page(String text) {
        Author author = new Author(1, text, text, text, true);
        Post post = new Post(2, 1, text, Pages.CREATED_AT, null, 3, 4,
                List.of(new Media(Media.Kind.IMAGE, text, 1, 2)), List.of(text, "after"));
        return new FeedPage(List.of(new FeedItem(post, author, Relationship.NONE)), text, 5);
    }
}
