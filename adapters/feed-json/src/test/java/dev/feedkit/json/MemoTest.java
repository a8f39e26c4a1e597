package dev.feedkit.json;

import static dev.feedkit.json.Pages.ada;
import static dev.feedkit.json.Pages.bytes;
import static dev.feedkit.json.Pages.json;
import static dev.feedkit.json.Pages.post981;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedkit.Author;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

final class MemoTest {
    private static final Relationship FOLLOWING = Relationship.of(true, false, false, false);
    private static final Relationship FOLLOWED_BY = Relationship.of(false, true, false, false);

    private final JsonFeedWriter writer = JsonFeedWriter.create();

    @Test
    void memo_is_filled_only_by_a_write() {
        Post post = post981();
        Author author = ada();
        FeedPage page = page(post, author, FOLLOWING);

        assertThat(JsonFeedWriter.memo(post)).isNull();
        assertThat(JsonFeedWriter.memo(author)).isNull();
        bytes(writer, page);
        assertThat(JsonFeedWriter.memo(post)).isNotNull();
        assertThat(JsonFeedWriter.memo(author)).isNotNull();
    }

    @Test
    void writing_the_same_page_twice_gives_identical_bytes() {
        FeedPage page = page(post981(), ada(), FOLLOWING);

        byte[] first = bytes(writer, page);
        byte[] second = bytes(writer, page);

        assertThat(second).isEqualTo(first);
        assertThat(first).isEqualTo(bytes(JsonFeedWriter.create(), Pages.specPage()));
    }

    @Test
    void a_second_write_reuses_the_memo_instead_of_rendering_again() {
        Post post = post981();
        Author author = ada();
        bytes(writer, page(post, author, FOLLOWING));
        Object postMemo = JsonFeedWriter.memo(post);
        Object authorMemo = JsonFeedWriter.memo(author);

        bytes(writer, page(post, author, FOLLOWED_BY));

        assertThat(JsonFeedWriter.memo(post)).isSameAs(postMemo);
        assertThat(JsonFeedWriter.memo(author)).isSameAs(authorMemo);
    }

    @Test
    void memoized_bytes_hold_no_viewer_flags() {
        Post post = post981();
        Author author = ada();
        bytes(writer, page(post, author, FOLLOWING));

        JsonNode viewer = json(writer, page(post, author, FOLLOWED_BY)).get("items").get(0).get("author").get("viewer");

        assertThat(JsonFeedWriter.memo(post)).isNotNull();
        assertThat(viewer.get("following").booleanValue()).isFalse();
        assertThat(viewer.get("followed_by").booleanValue()).isTrue();
    }

    @Test
    void one_author_on_a_page_with_two_viewers_flags_keeps_each_items_flags() {
        Author author = ada();
        FeedPage page = new FeedPage(List.of(new FeedItem(post981(), author, FOLLOWING),
                new FeedItem(Pages.plainPost(1, 42, "x"), author, Relationship.NONE)), null, 1);

        JsonNode items = json(writer, page).get("items");

        assertThat(items.get(0).get("author").get("viewer").get("following").booleanValue()).isTrue();
        assertThat(items.get(1).get("author").get("viewer").get("following").booleanValue()).isFalse();
    }

    @Test
    void a_new_post_object_after_invalidation_renders_its_new_text() {
        Author author = ada();
        bytes(writer, page(post981(), author, FOLLOWING));
        Post edited = new Post(981, 42, "hello, edited", Pages.CREATED_AT, null, 11, 2, post981().media(),
                List.of("java"));

        JsonNode item = json(writer, page(edited, author, FOLLOWING)).get("items").get(0);

        assertThat(item.get("text").textValue()).isEqualTo("hello, edited");
        assertThat(item.get("stats").get("likes").intValue()).isEqualTo(11);
        assertThat(item.get("tags")).hasSize(1);
    }

    @Test
    void a_new_author_object_after_invalidation_renders_its_new_name() {
        Post post = post981();
        bytes(writer, page(post, ada(), FOLLOWING));
        Author renamed = new Author(42, "ada", "Countess Lovelace", null, false);

        JsonNode author = json(writer, page(post, renamed, FOLLOWING)).get("items").get(0).get("author");

        assertThat(author.get("display_name").textValue()).isEqualTo("Countess Lovelace");
        assertThat(author.has("avatar_url")).isFalse();
        assertThat(author.get("verified").booleanValue()).isFalse();
    }

    @Test
    void a_memo_of_another_format_is_never_read() {
        Post post = post981();
        Author author = ada();
        Object otherFormat = new Object();
        post.rendered(otherFormat, new PostBytes(new byte[] {'x'}, 0));
        author.rendered(otherFormat, new byte[] {'y'});

        assertThat(bytes(writer, page(post, author, FOLLOWING))).isEqualTo(bytes(writer, Pages.specPage()));
    }

    @Test
    void unmemoized_write_gives_the_same_bytes_and_memoizes_nothing() throws IOException {
        Post post = post981();
        Author author = ada();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        writer.writeUnmemoized(page(post, author, FOLLOWING), out);

        assertThat(out.toByteArray()).isEqualTo(bytes(writer, Pages.specPage()));
        assertThat(JsonFeedWriter.memo(post)).isNull();
        assertThat(JsonFeedWriter.memo(author)).isNull();
    }

    private static FeedPage page(Post post, Author author, Relationship viewer) {
        return new FeedPage(List.of(new FeedItem(post, author, viewer)), "opaque-cursor", 1234567);
    }
}
