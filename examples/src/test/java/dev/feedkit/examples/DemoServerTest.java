package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.FeedAssembler;
import dev.feedkit.testkit.InMemoryFeedStore;
import dev.feedkit.Post;
import dev.feedkit.json.JsonFeedWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo server end to end, over HTTP, on generated in-memory data: page shape and content,
 * walking every page, and each 400 / 404 / 405 answer of the error table in docs/CONTRACT.md.
 */
final class DemoServerTest {
    private static final String RFC3339_MICROS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z";

    private static DemoData data;
    private static FeedAssembler assembler;
    private static DemoServer server;
    private static TestHttp http;
    private static long viewer;
    private static Map<Long, Post> postsById;

    @BeforeAll
    static void start() {
        data = DemoData.newBuilder().users(400).posts(8_000).meanFollows(20).seed(7).build();
        viewer = data.sampleViewer();
        postsById = new HashMap<>();
        data.posts().forEach(p -> postsById.put(p.id(), p));
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        assembler = FeedAssembler.newBuilder().source(store).store(store).writer(JsonFeedWriter.create())
                .scorer(DemoMain.DEMO_SCORER).build();
        server = DemoServer.newBuilder(assembler).port(0).threads(4).queue(32).start();
        http = new TestHttp(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
        assembler.close();
    }

    // ---------------------------------------------------------------- pages

    @Test
    void first_page_has_spec_shape_and_the_newest_visible_posts() {
        TestHttp.Reply reply = http.get("/api/v1/feed?viewer=" + viewer + "&limit=5");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode page = reply.json();
        assertThat(page.get("items").isArray()).isTrue();
        assertThat(page.get("next_page").isTextual()).isTrue();
        assertThat(page.get("seed").isIntegralNumber()).isTrue();
        List<Long> expected = visible(viewer).subList(0, 5);
        List<Long> shown = new ArrayList<>();
        for (JsonNode item : page.get("items")) {
            Post post = postsById.get(Long.parseLong(item.get("id").asText()));
            assertItemShowsPost(item, post);
            shown.add(post.id());
        }
        assertThat(shown).isEqualTo(expected);
    }

    @Test
    void walking_next_page_to_the_end_yields_each_visible_post_once_in_order() {
        List<Long> expected = visible(viewer);
        assertThat(expected).as("the sample viewer's feed spans many pages").hasSizeGreaterThan(50);

        List<Long> walked = walk(viewer, 7);

        assertThat(walked).isEqualTo(expected);
    }

    @Test
    void every_page_of_a_walk_echoes_the_first_pages_seed() {
        JsonNode first = http.get("/api/v1/feed?viewer=" + viewer + "&limit=3").json();
        JsonNode second = http.get("/api/v1/feed?viewer=" + viewer + "&limit=3&cursor="
                + first.get("next_page").asText()).json();

        assertThat(second.get("seed").asLong()).isEqualTo(first.get("seed").asLong());
    }

    @Test
    void a_ranked_walk_yields_the_window_once_then_the_rest_in_order_and_echoes_its_seed() {
        List<Long> expected = visible(viewer);
        assertThat(expected).as("longer than the window").hasSizeGreaterThan(300);
        List<Long> walked = walk("/api/v1/feed?viewer=" + viewer + "&mode=ranked&seed=42", 9, 42);

        assertThat(walked).hasSameSizeAs(expected).doesNotHaveDuplicates();
        assertThat(walked.subList(0, 300)).containsExactlyInAnyOrderElementsOf(expected.subList(0, 300))
                .isNotEqualTo(expected.subList(0, 300));
        assertThat(walked.subList(300, walked.size())).isEqualTo(expected.subList(300, expected.size()));
    }

    @Test
    void the_same_seed_gives_the_same_ranked_page_and_ranked_cursors_continue_with_or_without_mode() {
        JsonNode one = http.get("/api/v1/feed?viewer=" + viewer + "&mode=ranked&seed=7&limit=10").json();
        JsonNode two = http.get("/api/v1/feed?viewer=" + viewer + "&mode=RANKED&seed=7&limit=10").json();
        assertThat(two.get("items")).isEqualTo(one.get("items"));
        String cursor = encode(one.get("next_page").asText());
        assertThat(one.get("next_page").asText()).matches("[A-Za-z0-9_-]{84}");
        JsonNode a = http.get("/api/v1/feed?viewer=" + viewer + "&limit=10&cursor=" + cursor).json();
        JsonNode b = http.get("/api/v1/feed?viewer=" + viewer + "&limit=10&mode=ranked&cursor=" + cursor).json();
        assertThat(b.get("items")).isEqualTo(a.get("items"));
        assertThat(a.get("seed").asLong()).isEqualTo(7);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mode=hot               | mode must be 'chronological' or 'ranked', was 'hot'",
        "mode=                  | mode must be 'chronological' or 'ranked', was ''",
        "mode=ranked&mode=ranked | mode must be given at most once",
    })
    void an_unknown_mode_gets_400_invalid_mode(String modeParam, String message) {
        assertBadRequest(http.get("/api/v1/feed?viewer=" + viewer + "&" + modeParam), "invalid_mode", message);
    }

    @Test
    void a_mode_that_disagrees_with_the_cursor_gets_400_invalid_mode() {
        String cursor = encode(firstCursor(viewer));
        assertBadRequest(http.get("/api/v1/feed?viewer=" + viewer + "&mode=ranked&cursor=" + cursor), "invalid_mode",
                "mode ranked does not match the cursor's mode chronological; omit mode when continuing a walk");
    }

    @Test
    void unknown_viewer_gets_an_empty_last_page() {
        JsonNode page = http.get("/api/v1/feed?viewer=1").json();

        assertThat(page.get("items")).isEmpty();
        assertThat(page.has("next_page")).isFalse();
    }

    // ---------------------------------------------------------------- 400

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0   | limit must be between 1 and 100, was 0",
        "101 | limit must be between 1 and 100, was 101",
        "500 | limit must be between 1 and 100, was 500",
        "abc | limit must be an integer between 1 and 100, was \"abc\"",
    })
    void bad_limit_gets_400_invalid_limit(String limit, String message) {
        assertBadRequest(http.get("/api/v1/feed?viewer=" + viewer + "&limit=" + limit), "invalid_limit", message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                | viewer is required: a positive 64-bit integer, as in /api/v1/feed?viewer=42",
        "viewer=0&         | viewer must be a positive id, was 0",
        "viewer=-1&        | viewer must be a positive id, was -1",
        "viewer=abc&       | viewer must be a positive 64-bit integer, was \"abc\"",
    })
    void bad_viewer_gets_400_invalid_viewer(String viewerParam, String message) {
        assertBadRequest(http.get("/api/v1/feed?" + viewerParam + "limit=5"), "invalid_viewer", message);
    }

    @Test
    void error_body_stays_valid_json_when_the_message_echoes_quotes_and_backslashes() {
        TestHttp.Reply reply = http.get("/api/v1/feed?viewer=" + viewer + "&limit=" + encode("1\"}\\\n"));

        assertBadRequest(reply, "invalid_limit", "limit must be an integer between 1 and 100, was \"1\"}\\\n\"");
    }

    @Test
    void tampered_cursor_gets_400_invalid_cursor() {
        String cursor = firstCursor(viewer);
        char c = cursor.charAt(20);

        String tampered = cursor.substring(0, 20) + (c == 'A' ? 'B' : 'A') + cursor.substring(21);

        TestHttp.Reply reply = http.get("/api/v1/feed?viewer=" + viewer + "&cursor=" + tampered);
        assertBadRequest(reply, "invalid_cursor", null);
        assertThat(reply.json().at("/error/message").asText()).contains("tampered");
    }

    @Test
    void another_viewers_cursor_gets_400_invalid_cursor() {
        long other = data.users().get(0).id() == viewer ? data.users().get(1).id() : data.users().get(0).id();

        TestHttp.Reply reply = http.get("/api/v1/feed?viewer=" + other + "&cursor=" + firstCursor(viewer));

        assertBadRequest(reply, "invalid_cursor", null);
        assertThat(reply.json().at("/error/message").asText()).contains("another viewer");
    }

    @Test
    void truncated_cursor_gets_400_invalid_cursor() {
        String cursor = firstCursor(viewer);

        TestHttp.Reply reply = http.get("/api/v1/feed?viewer=" + viewer + "&cursor=" + cursor.substring(0, 40));

        assertBadRequest(reply, "invalid_cursor", null);
        assertThat(reply.json().at("/error/message").asText()).contains("truncated");
    }

    @Test
    void empty_cursor_gets_400_invalid_cursor() {
        TestHttp.Reply reply = http.get("/api/v1/feed?viewer=" + viewer + "&cursor=");

        assertBadRequest(reply, "invalid_cursor", "cursor must not be empty; omit it for the first page");
    }

    @Test
    void a_cursor_with_an_appended_padding_character_gets_400_invalid_cursor() {
        String cursor = firstCursor(viewer);

        TestHttp.Reply reply = http.get("/api/v1/feed?viewer=" + viewer + "&cursor=" + cursor + "%3D");

        assertBadRequest(reply, "invalid_cursor", "cursor is malformed: padding '=' at index 56; cursors are base64url"
                + " without padding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "%22%3Cscript%3E", "AAAA"})
    void malformed_cursor_gets_400_invalid_cursor(String cursor) {
        assertBadRequest(http.get("/api/v1/feed?viewer=" + viewer + "&cursor=" + cursor), "invalid_cursor", null);
    }

    // ---------------------------------------------------------------- other routes

    @Test
    void nodelay_is_on_for_accepted_connections() {
        // Without it keep-alive requests can wait ~40 ms for delayed ACKs. Measured with wrk
        // (benchmarks/servers.sh), not timed here.
        assertThat(server.connector().getAcceptedTcpNoDelay()).isTrue();
    }

    @Test
    void healthz_answers_ok() {
        TestHttp.Reply reply = http.get("/healthz");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1/feeds", "/api/v1/feed/extra", "/healthz/", "/favicon.ico"})
    void unknown_path_gets_404_json(String path) {
        TestHttp.Reply reply = http.get(path);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().at("/error/code").asText()).isEqualTo("not_found");
    }

    @ParameterizedTest
    @CsvSource({"POST, /api/v1/feed?viewer=1", "DELETE, /api/v1/feed?viewer=1", "PUT, /healthz"})
    void wrong_method_gets_405_json_with_allow(String method, String path) {
        TestHttp.Reply reply = http.send(method, path);

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Allow")).isEqualTo("GET");
        assertThat(reply.json().at("/error/code").asText()).isEqualTo("method_not_allowed");
    }

    // ---------------------------------------------------------------- helpers

    private static List<Long> walk(long viewerId, int limit) {
        return walk("/api/v1/feed?viewer=" + viewerId, limit, -1);
    }

    /** Walks from {@code first} (a path with its query), continuing with the viewer, limit and cursor alone. */
    private static List<Long> walk(String first, int limit, long seed) {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        String viewerParam = first.substring(first.indexOf('?') + 1).split("&")[0];
        for (int pages = 0; pages < 10_000; pages++) {
            String query = cursor == null ? first + "&limit=" + limit
                    : "/api/v1/feed?" + viewerParam + "&limit=" + limit + "&cursor=" + encode(cursor);
            TestHttp.Reply reply = http.get(query);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            JsonNode page = reply.json();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(limit);
            page.get("items").forEach(item -> ids.add(Long.parseLong(item.get("id").asText())));
            seed = seed < 0 ? page.get("seed").asLong() : seed;
            assertThat(page.get("seed").asLong()).isEqualTo(seed);
            if (!page.has("next_page")) {
                return ids;
            }
            cursor = page.get("next_page").asText();
        }
        throw new AssertionError("walk did not end after 10000 pages");
    }

    private static String firstCursor(long viewerId) {
        JsonNode page = http.get("/api/v1/feed?viewer=" + viewerId + "&limit=2").json();
        String cursor = page.get("next_page").asText();
        assertThat(cursor).matches("[A-Za-z0-9_-]{56}");
        return cursor;
    }

    private static void assertBadRequest(TestHttp.Reply reply, String code, String message) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode body = reply.json();
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("error").size()).isEqualTo(2);
        assertThat(body.at("/error/code").asText()).isEqualTo(code);
        assertThat(body.at("/error/message").isTextual()).isTrue();
        if (message != null) {
            assertThat(body.at("/error/message").asText()).isEqualTo(message);
        }
    }

    private static void assertItemShowsPost(JsonNode item, Post post) {
        assertThat(item.get("id").isTextual()).isTrue();
        assertThat(item.get("created_at").asText()).matches(RFC3339_MICROS);
        assertThat(Instant.parse(item.get("created_at").asText())).isEqualTo(post.createdAt());
        assertThat(item.get("text").asText()).isEqualTo(wellFormed(post.body()));
        JsonNode author = item.get("author");
        assertThat(author.get("id").asText()).isEqualTo(Long.toString(post.authorId()));
        assertThat(author.get("username").isTextual()).isTrue();
        assertThat(author.get("display_name").isTextual()).isTrue();
        assertThat(author.get("verified").isBoolean()).isTrue();
        assertThat(author.at("/viewer/following").asBoolean()).isEqualTo(follows(viewer, post.authorId()));
        assertThat(author.at("/viewer/followed_by").asBoolean()).isEqualTo(follows(post.authorId(), viewer));
        assertThat(item.get("media").size()).isEqualTo(post.media().size());
        List<String> tags = new ArrayList<>();
        item.get("tags").forEach(t -> tags.add(t.asText()));
        assertThat(tags).isEqualTo(post.tags());
        assertThat(item.at("/stats/likes").asInt()).isEqualTo(post.likeCount());
        assertThat(item.at("/stats/replies").asInt()).isEqualTo(post.replyCount());
    }

    /** The viewer's feed computed independently: own and followees' posts, not deleted, no block either way. */
    private static List<Long> visible(long viewerId) {
        Set<Long> authors = new HashSet<>(List.of(viewerId));
        data.follows().stream().filter(f -> f.from() == viewerId).forEach(f -> authors.add(f.to()));
        Set<Long> hidden = new HashSet<>();
        data.blocks().forEach(b -> {
            if (b.from() == viewerId) {
                hidden.add(b.to());
            }
            if (b.to() == viewerId) {
                hidden.add(b.from());
            }
        });
        data.mutes().stream().filter(m -> m.from() == viewerId).forEach(m -> hidden.add(m.to()));
        return postsById.values().stream()
                .filter(p -> !p.deleted() && authors.contains(p.authorId()) && !hidden.contains(p.authorId()))
                .sorted(Comparator.comparingLong(Post::createdAtMicros).thenComparingLong(Post::id).reversed())
                .map(Post::id)
                .toList();
    }

    private static boolean follows(long from, long to) {
        return data.follows().stream().anyMatch(f -> f.from() == from && f.to() == to);
    }

    /** The text as the JSON carries it (docs/CONTRACT.md, JSON shape): unpaired surrogates replaced by U+FFFD. */
    private static String wellFormed(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
