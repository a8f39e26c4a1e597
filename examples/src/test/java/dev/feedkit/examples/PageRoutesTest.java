package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.FeedAssembler;
import dev.feedkit.json.JsonFeedWriter;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.InMemoryFeedStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The feed page's routes over HTTP, without a browser: what is served, with which headers. */
final class PageRoutesTest {
    private static final long SAMPLE = 4242;
    private static FeedAssembler assembler;
    private static DemoServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        InMemoryFeedStore store = InMemoryFeedStore.of(DemoData.newBuilder().users(20).posts(50).meanFollows(3).seed(1).build());
        assembler = FeedAssembler.newBuilder().source(store).store(store).writer(JsonFeedWriter.create()).build();
        PageRoutes pages = new PageRoutes(SAMPLE);
        server = DemoServer.newBuilder(assembler).port(0).route(PageRoutes.PAGE, pages).route(PageRoutes.STATIC, pages)
                .start();
        http = new TestHttp(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
        assembler.close();
    }

    @ParameterizedTest
    @CsvSource({
        "/?viewer=7,             text/html; charset=utf-8",
        "/?viewer=7&limit=5,     text/html; charset=utf-8",
        "/static/feed.js,        text/javascript; charset=utf-8",
        "/static/feed.css,       text/css; charset=utf-8",
    })
    void each_file_is_served_with_its_type_and_the_strict_policy(String path, String type) {
        TestHttp.Reply reply = http.get(path);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo(type);
        assertThat(reply.header("Content-Security-Policy")).isEqualTo(PageRoutes.POLICY)
                .contains("script-src 'self';").doesNotContain("unsafe");
        assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void the_page_has_no_inline_script_or_style_and_loads_its_script_from_the_origin() {
        String html = http.get("/?viewer=7").body();

        assertThat(html).contains("<script src=\"/static/feed.js\" defer></script>")
                .doesNotContain("<style").doesNotContain("style=").doesNotContainPattern("<script>|\\son[a-z]+=");
    }

    @Test
    void the_script_never_puts_data_through_the_html_parser() {
        String js = http.get("/static/feed.js").body();

        assertThat(js).contains("textContent").doesNotContainPattern("\\.innerHTML\\s*=|outerHTML|insertAdjacentHTML"
                + "|document\\.write|eval\\(|new Function");
    }

    @ParameterizedTest
    @CsvSource({"/, /?viewer=4242", "/?limit=5, /?viewer=4242&limit=5"})
    void the_page_without_a_viewer_redirects_to_the_sample_viewer(String path, String location) {
        TestHttp.Reply reply = http.get(path);

        assertThat(reply.status()).isEqualTo(302);
        assertThat(reply.header("Location")).isEqualTo(location);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static", "/static/", "/static/index.html", "/static/../pom.xml", "/static/feed.js/x"})
    void other_paths_under_the_page_are_404_json(String path) {
        TestHttp.Reply reply = http.get(path);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().at("/error/code").asText()).isEqualTo("not_found");
    }

    @Test
    void post_is_405_with_allow() {
        TestHttp.Reply reply = http.send("POST", "/?viewer=7");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Allow")).isEqualTo("GET");
    }
}
