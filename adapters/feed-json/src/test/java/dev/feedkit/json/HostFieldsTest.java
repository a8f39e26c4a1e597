package dev.feedkit.json;

import static dev.feedkit.json.Pages.ada;
import static dev.feedkit.json.Pages.json;
import static dev.feedkit.json.Pages.parse;
import static dev.feedkit.json.Pages.post981;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedkit.Author;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class HostFieldsTest {
    private static final Relationship FOLLOWING = Relationship.of(true, false, false, false);
    private static final String POST_EXTRA =
            "{\"poll\": {\"options\": [\"yes\", \"no\"]}, \"s\": \"</script>\u2028\u2029\\\"\\u0001 \uD83D\uDE00\"}";
    private static final String USER_EXTRA = "{\"badge\": \"gold\", \"n\": [1, 2.5, null, true]}";

    private final JsonFeedWriter writer = JsonFeedWriter.create();

    @Test
    void extra_is_written_after_the_stats_of_the_item_and_after_verified_in_the_author() throws IOException {
        JsonNode item = json(writer, page(withExtra(post981(), POST_EXTRA), withExtra(ada(), USER_EXTRA))).get("items").get(0);

        assertThat(names(item)).containsExactly("id", "created_at", "text", "author", "media", "tags", "stats", "extra");
        assertThat(names(item.get("author")))
                .containsExactly("id", "username", "display_name", "avatar_url", "verified", "extra", "viewer");
        ObjectMapper plain = new ObjectMapper();
        assertThat(item.get("extra")).isEqualTo(plain.readTree(POST_EXTRA));
        assertThat(item.get("author").get("extra")).isEqualTo(plain.readTree(USER_EXTRA));
        assertThat(item.get("extra").get("s").textValue()).isEqualTo("</script>\u2028\u2029\"\u0001 \uD83D\uDE00");
    }

    @Test
    void extra_is_omitted_when_absent_and_the_bytes_are_those_of_the_format_without_it() {
        JsonNode item = json(writer, page(post981(), ada())).get("items").get(0);

        assertThat(names(item)).doesNotContain("extra");
        assertThat(names(item.get("author"))).doesNotContain("extra");
        assertThat(Pages.bytes(writer, page(post981(), ada()))).isEqualTo(Pages.bytes(writer, Pages.specPage()));
    }

    @Test
    void line_and_paragraph_separators_in_extra_are_escaped_so_the_output_is_safe_in_javascript() {
        String out = new String(Pages.bytes(writer, page(withExtra(post981(), POST_EXTRA), ada())), StandardCharsets.UTF_8);

        assertThat(out).doesNotContain("\u2028").doesNotContain("\u2029").contains("\\u2028\\u2029");
        assertThat(out).contains("\"</script>").contains("\uD83D\uDE00");
    }

    @Test
    void an_extra_that_is_not_a_json_object_is_never_written_even_on_a_page_built_by_hand() {
        for (String bad : List.of("{\"a\": [1, 2}", "[1]", "{\"a\": \"\uD800\"}", "{\"a\": 1} trailing", "{\"a\":\"\n\"}")) {
            JsonNode item = json(writer, page(withExtra(post981(), bad), withExtra(ada(), bad))).get("items").get(0);
            assertThat(names(item)).as(bad).doesNotContain("extra");
            assertThat(names(item.get("author"))).as(bad).doesNotContain("extra");
        }
    }

    @Test
    void per_request_fields_follow_the_memoized_bytes_and_differ_per_viewer() throws IOException {
        Set<Long> likedBy = Set.of(7L);
        JsonFeedWriter liking = JsonFeedWriter.create((request, item, fields) -> fields
                .bool("liked", likedBy.contains(request.viewerId()))
                .number("viewer_seen", request.viewerId())
                .string("note", request.viewerId() == 7 ? "\"hi\" </script>\u2028" : null));
        Post post = withExtra(post981(), POST_EXTRA);
        Author author = withExtra(ada(), USER_EXTRA);
        FeedPage page = page(post, author);

        JsonNode forSeven = parse(write(liking, FeedRequest.of(7), page)).get("items").get(0);
        Object postMemo = JsonFeedWriter.memo(post);
        Object authorMemo = JsonFeedWriter.memo(author);
        JsonNode forEight = parse(write(liking, FeedRequest.of(8), page)).get("items").get(0);

        assertThat(JsonFeedWriter.memo(post)).as("memo hit: not rendered again").isNotNull().isSameAs(postMemo);
        assertThat(JsonFeedWriter.memo(author)).isSameAs(authorMemo);
        assertThat(names(forSeven)).containsExactly("id", "created_at", "text", "author", "media", "tags", "stats",
                "extra", "liked", "viewer_seen", "note");
        assertThat(forSeven.get("liked").booleanValue()).isTrue();
        assertThat(forEight.get("liked").booleanValue()).isFalse();
        assertThat(forSeven.get("viewer_seen").longValue()).isEqualTo(7);
        assertThat(forEight.get("viewer_seen").longValue()).isEqualTo(8);
        assertThat(forSeven.get("note").textValue()).isEqualTo("\"hi\" </script>\u2028");
        assertThat(forEight.get("note").isNull()).isTrue();
        assertThat(forSeven.get("extra")).isEqualTo(forEight.get("extra"));
        // The memoized bytes hold no per-request field: a writer without ItemFields, reading the
        // same memo, writes the plain item.
        assertThat(names(json(writer, page).get("items").get(0))).doesNotContain("liked");
    }

    @Test
    void per_request_fields_are_written_on_every_item_of_a_many_item_page_and_only_with_a_request() throws IOException {
        JsonFeedWriter liking = JsonFeedWriter.create((request, item, fields) -> fields.bool("liked", item.post().id() % 2 == 0));
        List<FeedItem> items = new ArrayList<>();
        for (long id = 1; id <= 50; id++) {
            items.add(new FeedItem(Pages.plainPost(id, 42, "post " + id), ada(), FOLLOWING));
        }
        FeedPage page = new FeedPage(items, null, 1);

        JsonNode written = parse(write(liking, FeedRequest.of(1), page)).get("items");
        for (int i = 0; i < 50; i++) {
            assertThat(written.get(i).get("liked").booleanValue()).isEqualTo((i + 1) % 2 == 0);
        }
        assertThat(json(liking, page).get("items").get(0).has("liked")).as("written without the request").isFalse();
    }

    @Test
    void field_names_must_be_plain_and_not_the_items_own_or_repeated() {
        FeedPage page = page(post981(), ada());
        for (String bad : List.of("", "id", "extra", "stats", "has space", "quo\"te", "é", "x".repeat(65))) {
            JsonFeedWriter w = JsonFeedWriter.create((request, item, fields) -> fields.bool(bad, true));
            assertThatThrownBy(() -> write(w, FeedRequest.of(1), page)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        JsonFeedWriter twice = JsonFeedWriter.create((request, item, fields) -> fields.bool("liked", true).bool("liked", false));
        assertThatThrownBy(() -> write(twice, FeedRequest.of(1), page))
                .hasMessage("field \"liked\" was already written for this item");
    }

    static Post withExtra(Post p, String extra) {
        return new Post(p.id(), p.authorId(), p.body(), p.createdAt(), p.deletedAt(), p.likeCount(), p.replyCount(),
                p.media(), p.tags(), extra);
    }

    static Author withExtra(Author a, String extra) {
        return new Author(a.id(), a.username(), a.displayName(), a.avatarUrl(), a.verified(), extra);
    }

    private static FeedPage page(Post post, Author author) {
        return new FeedPage(List.of(new FeedItem(post, author, FOLLOWING)), "opaque-cursor", 1234567);
    }

    private static byte[] write(JsonFeedWriter w, FeedRequest request, FeedPage page) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(request, page, out);
        return out.toByteArray();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
