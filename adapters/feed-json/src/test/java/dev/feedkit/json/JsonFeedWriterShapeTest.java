package dev.feedkit.json;

import static dev.feedkit.json.Pages.ada;
import static dev.feedkit.json.Pages.bytes;
import static dev.feedkit.json.Pages.json;
import static dev.feedkit.json.Pages.plainPost;
import static dev.feedkit.json.Pages.post981;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedkit.Author;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.Media;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

final class JsonFeedWriterShapeTest {
    private static final Relationship FOLLOWING = Relationship.of(true, false, false, false);

    private final JsonFeedWriter writer = JsonFeedWriter.create();

    @Test
    void spec_example_page_is_written_byte_for_byte() {
        String expected = "{\"items\":[{\"id\":\"981\",\"created_at\":\"2026-11-20T10:15:30.123456Z\","
                + "\"text\":\"hello\",\"author\":{\"id\":\"42\",\"username\":\"ada\","
                + "\"display_name\":\"Ada Lovelace\",\"avatar_url\":\"https://cdn.example/a/42.jpg\","
                + "\"verified\":true,\"viewer\":{\"following\":true,\"followed_by\":false}},"
                + "\"media\":[{\"kind\":\"image\",\"url\":\"https://cdn.example/m/1.jpg\","
                + "\"width\":1080,\"height\":1350}],\"tags\":[\"java\",\"perf\"],"
                + "\"stats\":{\"likes\":10,\"replies\":2}}],\"next_page\":\"opaque-cursor\",\"seed\":1234567}";

        assertThat(new String(bytes(writer, Pages.specPage()), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void fields_appear_in_spec_order() {
        JsonNode page = json(writer, Pages.specPage());
        JsonNode item = page.get("items").get(0);

        assertThat(names(page)).containsExactly("items", "next_page", "seed");
        assertThat(names(item)).containsExactly("id", "created_at", "text", "author", "media", "tags", "stats");
        assertThat(names(item.get("author")))
                .containsExactly("id", "username", "display_name", "avatar_url", "verified", "viewer");
        assertThat(names(item.get("author").get("viewer"))).containsExactly("following", "followed_by");
        assertThat(names(item.get("media").get(0))).containsExactly("kind", "url", "width", "height");
        assertThat(names(item.get("stats"))).containsExactly("likes", "replies");
    }

    @Test
    void ids_are_strings_and_counts_are_numbers() {
        Post big = new Post(Long.MAX_VALUE, Long.MAX_VALUE - 1, "big", Pages.CREATED_AT, null,
                Integer.MAX_VALUE, 7, List.of(), List.of());
        Author author = new Author(Long.MAX_VALUE - 1, "big", "Big", null, false);
        JsonNode item = json(writer, page(null, new FeedItem(big, author, FOLLOWING))).get("items").get(0);

        assertThat(item.get("id").isTextual()).isTrue();
        assertThat(item.get("id").textValue()).isEqualTo("9223372036854775807");
        assertThat(item.get("author").get("id").textValue()).isEqualTo("9223372036854775806");
        assertThat(item.get("stats").get("likes").isInt()).isTrue();
        assertThat(item.get("stats").get("likes").intValue()).isEqualTo(Integer.MAX_VALUE);
        assertThat(item.get("stats").get("replies").intValue()).isEqualTo(7);
    }

    @Test
    void null_avatar_width_and_height_are_omitted() {
        Author noAvatar = new Author(7, "grace", "Grace Hopper", null, false);
        Post post = new Post(5, 7, "x", Pages.CREATED_AT, null, 0, 0,
                List.of(new Media(Media.Kind.VIDEO, "https://cdn.example/v.mp4", null, null),
                        new Media(Media.Kind.GIF, "https://cdn.example/g.gif", 320, null)),
                List.of());
        JsonNode item = json(writer, page(null, new FeedItem(post, noAvatar, FOLLOWING))).get("items").get(0);

        assertThat(item.get("author").has("avatar_url")).isFalse();
        assertThat(item.get("author").get("verified").booleanValue()).isFalse();
        assertThat(names(item.get("media").get(0))).containsExactly("kind", "url");
        assertThat(item.get("media").get(0).get("kind").textValue()).isEqualTo("video");
        assertThat(names(item.get("media").get(1))).containsExactly("kind", "url", "width");
        assertThat(item.get("media").get(1).get("kind").textValue()).isEqualTo("gif");
        assertThat(item.get("media").get(1).get("width").intValue()).isEqualTo(320);
    }

    @Test
    void empty_media_and_tags_are_written_as_empty_arrays() {
        JsonNode item = json(writer, page(null, new FeedItem(plainPost(1, 42, "x"), ada(), FOLLOWING)))
                .get("items").get(0);

        assertThat(item.get("media").isArray()).isTrue();
        assertThat(item.get("media")).isEmpty();
        assertThat(item.get("tags").isArray()).isTrue();
        assertThat(item.get("tags")).isEmpty();
    }

    @Test
    void next_page_is_omitted_on_the_last_page() {
        JsonNode page = json(writer, page(null, new FeedItem(post981(), ada(), FOLLOWING)));

        assertThat(names(page)).containsExactly("items", "seed");
    }

    @Test
    void empty_last_page_has_empty_items_and_its_seed() {
        String text = new String(bytes(writer, new FeedPage(List.of(), null, 0)), StandardCharsets.UTF_8);

        assertThat(text).isEqualTo("{\"items\":[],\"seed\":0}");
    }

    @Test
    void seed_is_a_number_up_to_the_largest_63_bit_value() {
        JsonNode page = json(writer, new FeedPage(List.of(), "c", Long.MAX_VALUE));

        assertThat(page.get("seed").isIntegralNumber()).isTrue();
        assertThat(page.get("seed").longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(page.get("next_page").textValue()).isEqualTo("c");
    }

    @Test
    void negative_seed_is_still_written_as_a_number() {
        JsonNode page = json(writer, new FeedPage(List.of(), null, Long.MIN_VALUE));

        assertThat(page.get("seed").longValue()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void each_viewer_relationship_writes_its_two_flags() {
        for (boolean following : new boolean[] {false, true}) {
            for (boolean followedBy : new boolean[] {false, true}) {
                Relationship r = Relationship.of(following, followedBy, false, false);
                JsonNode viewer = json(writer, page(null, new FeedItem(post981(), ada(), r)))
                        .get("items").get(0).get("author").get("viewer");

                assertThat(viewer.get("following").booleanValue()).as(r.toString()).isEqualTo(following);
                assertThat(viewer.get("followed_by").booleanValue()).as(r.toString()).isEqualTo(followedBy);
            }
        }
    }

    @Test
    void items_keep_page_order() {
        Author grace = new Author(7, "grace", "Grace Hopper", null, false);
        JsonNode items = json(writer, page("next",
                new FeedItem(plainPost(3, 42, "third"), ada(), FOLLOWING),
                new FeedItem(plainPost(2, 7, "second"), grace, Relationship.NONE),
                new FeedItem(plainPost(1, 42, "first"), ada(), FOLLOWING))).get("items");

        assertThat(items).extracting(n -> n.get("id").textValue()).containsExactly("3", "2", "1");
        assertThat(items).extracting(n -> n.get("author").get("username").textValue())
                .containsExactly("ada", "grace", "ada");
    }

    @Test
    void cursor_that_needs_escaping_is_escaped() {
        String cursor = "a\"b\\c\u0000d\u2028\uD800";
        byte[] bytes = bytes(writer, new FeedPage(List.of(), cursor, 1));

        assertThat(Pages.parse(bytes).get("next_page").textValue()).isEqualTo(Pages.expectedText(cursor));
    }

    @Test
    void page_larger_than_the_scratch_buffer_is_written_whole() {
        String huge = "\u00e9x\"".repeat(JsonFeedWriter.BUFFER_SIZE);
        List<FeedItem> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(new FeedItem(plainPost(i, 42, i == 50 ? huge : "post " + i), ada(), FOLLOWING));
        }
        JsonNode parsed = json(writer, new FeedPage(items, "next", 9));

        assertThat(parsed.get("items")).hasSize(100);
        assertThat(parsed.get("items").get(50).get("text").textValue()).isEqualTo(huge);
        assertThat(parsed.get("items").get(99).get("text").textValue()).isEqualTo("post 99");
        assertThat(parsed.get("seed").longValue()).isEqualTo(9);
    }

    @Test
    void output_is_flushed_and_not_closed() throws IOException {
        TrackingStream out = new TrackingStream(new ByteArrayOutputStream(), Integer.MAX_VALUE);

        writer.write(Pages.specPage(), out);

        assertThat(out.flushed).isTrue();
        assertThat(out.closed).isFalse();
    }

    @Test
    void failing_stream_propagates_its_exception_and_returns_the_buffer() throws IOException {
        writer.write(Pages.specPage(), new ByteArrayOutputStream()); // puts one buffer in the pool
        int idle = writer.buffers().idle();
        TrackingStream broken = new TrackingStream(new ByteArrayOutputStream(), 0);

        assertThatThrownBy(() -> writer.write(Pages.specPage(), broken))
                .isInstanceOf(IOException.class).hasMessage("connection reset");
        assertThat(writer.buffers().idle()).isEqualTo(idle);
        assertThat(json(writer, Pages.specPage()).get("seed").longValue()).isEqualTo(1234567);
    }

    @Test
    void content_type_is_json() {
        assertThat(writer.contentType()).isEqualTo("application/json");
    }

    @Test
    void null_page_or_stream_is_rejected_by_name() {
        assertThatThrownBy(() -> writer.write(null, new ByteArrayOutputStream()))
                .isInstanceOf(NullPointerException.class).hasMessage("page");
        assertThatThrownBy(() -> writer.write(Pages.specPage(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("out");
    }

    private static FeedPage page(String nextPage, FeedItem... items) {
        return new FeedPage(List.of(items), nextPage, 1);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    /** Records flush and close; fails every write after {@code okWrites} writes. */
    private static final class TrackingStream extends FilterOutputStream {
        private int okWrites;
        boolean flushed;
        boolean closed;

        TrackingStream(OutputStream out, int okWrites) {
            super(out);
            this.okWrites = okWrites;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (okWrites-- <= 0) {
                throw new IOException("connection reset");
            }
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            flushed = true;
            super.flush();
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
