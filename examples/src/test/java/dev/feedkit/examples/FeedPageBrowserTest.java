package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/*
 * The demo's feed page in a real browser: headless Chromium (Debian's package), driven over the
 * DevTools protocol, against the demo server on generated in-memory data, whose posts, names and
 * tags hold "</script>", <img src=x onerror=...>, quotes and U+2028. Every document records
 * Content-Security-Policy violations in window.__csp (a script the test injects through DevTools,
 * which the policy does not govern); dialogs, uncaught exceptions and console errors are DevTools
 * events. Without Chromium the tests skip, except under CI=true or -Dfeedkit.requireServices=true,
 * where they fail: .ci/run installs it.
 */
final class FeedPageBrowserTest {
    private static final int LIMIT = 12;
    private static final int PAGES = 3;
    private static final Path SCREENSHOT = Path.of("target", "feed-page.png");
    private static final String RECORD_CSP = "window.__csp = [];"
            + "document.addEventListener('securitypolicyviolation',"
            + " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));";

    private static DemoMain.Running demo;
    private static Chromium browser;
    private static long viewer;
    /** Why the tests skip, or null when Chromium is there. */
    private static String missing;

    @BeforeAll
    static void start() throws IOException {
        missing = missingChromium();
        if (missing != null) {
            System.err.println("FeedPageBrowserTest skipped: " + missing);
            return;
        }
        DemoOptions options = DemoOptions.parse(new String[] {"--port", "0", "--users", "300", "--posts", "6000",
            "--follows", "15", "--seed", "12"}, Map.of());
        demo = DemoMain.start(options);
        viewer = demo.backend().sampleViewer();
        browser = Chromium.launch(1000, 1000);
        browser.beforeEachDocument(RECORD_CSP);
    }

    /** @return why Chromium cannot be used, or null; fails instead under CI=true or feedkit.requireServices */
    private static String missingChromium() {
        if (Files.isExecutable(Chromium.BINARY)) {
            return null;
        }
        String why = "no browser at " + Chromium.BINARY + " (apt-get install -y chromium chromium-driver, as .ci/run does;"
                + " or -Dfeedkit.chromium=PATH)";
        if (Boolean.getBoolean("feedkit.requireServices") || "true".equals(System.getenv("CI"))) {
            fail(why + ", and CI=true or feedkit.requireServices=true requires it");
        }
        return why;
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @BeforeEach
    void forgetEarlierEvents() {
        Assumptions.assumeTrue(missing == null, () -> "skipped: " + missing);
        browser.clearEvents();
    }

    @Test
    void scrolling_loads_three_pages_that_match_the_api_and_hostile_text_stays_text() throws IOException {
        browser.navigate(page("?viewer=" + viewer + "&limit=" + LIMIT));
        awaitPages(1);
        for (int k = 2; k <= PAGES; k++) {
            browser.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)");
            awaitPages(k);
        }
        JsonNode shown = browser.evaluate(SNAPSHOT);
        List<JsonNode> api = apiItems(shown.get("pages").asInt());

        assertThat(shown.get("pages").asInt()).isGreaterThanOrEqualTo(PAGES);
        assertThat(ids(shown.get("posts"))).as("posts on the page").doesNotHaveDuplicates()
                .hasSizeGreaterThanOrEqualTo(PAGES * LIMIT).containsExactlyElementsOf(ids(api));
        for (int i = 0; i < api.size(); i++) {
            JsonNode want = api.get(i);
            JsonNode got = shown.get("posts").get(i);
            assertThat(got.get("text").asText()).as("text of %s", want.get("id")).isEqualTo(want.get("text").asText());
            assertThat(got.get("name").asText()).as("author of %s", want.get("id"))
                    .isEqualTo(want.at("/author/display_name").asText());
            assertThat(got.get("tags").toString()).as("tags of %s", want.get("id")).isEqualTo(hashed(want.get("tags")));
            assertThat(got.get("media").asInt()).as("media of %s", want.get("id")).isEqualTo(want.get("media").size());
        }
        assertThat(shown.get("allText").asText()).as("hostile text in the three pages, shown as text")
                .contains("</script>").contains("<img src=x onerror=").contains("\"").contains("\u2028");
        assertThat(shown.get("overflowing").asInt()).as("elements wider than their box").isZero();
        assertThat(shown.get("pageWidth").asInt()).as("page width").isLessThanOrEqualTo(shown.get("viewWidth").asInt());
        assertNothingRan();

        browser.evaluate("window.scrollTo(0, 0)");
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, browser.screenshot());
        assertThat(Files.readAllBytes(SCREENSHOT)).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void the_policy_blocks_an_inline_handler_even_if_markup_reached_the_parser() {
        browser.navigate(page("?viewer=" + viewer + "&limit=" + LIMIT));
        awaitPages(1);

        // What the page never does: put data through the HTML parser. The policy is the second wall.
        browser.evaluate("new Promise(done => { const img = document.createElement('div');"
                + " img.innerHTML = '<img src=/no-such-image onerror=\"window.__pwned=1\">';"
                + " img.firstChild.addEventListener('error', () => setTimeout(done, 0));"
                + " document.body.appendChild(img); })");

        assertThat(browser.evaluate("typeof window.__pwned").asText()).isEqualTo("undefined");
        assertThat(browser.evaluate("window.__csp").toString()).contains("script-src");
    }

    @Test
    void a_dialog_is_seen_so_an_injected_alert_would_fail_the_page_test() {
        browser.navigate(page("?viewer=" + viewer + "&limit=" + LIMIT));

        browser.evaluate("alert('probe'), 1");

        assertThat(browser.events("Page.javascriptDialogOpening")).singleElement()
                .satisfies(e -> assertThat(e.at("/params/message").asText()).isEqualTo("probe"));
    }

    @Test
    void a_bad_viewer_shows_the_apis_message_as_text() {
        browser.navigate(page("?viewer=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"));
        String message = browser.evaluate("new Promise(done => { const show = () => done(document.getElementById('error')"
                + ".textContent); if (document.body.dataset.state === 'error') show();"
                + " else document.addEventListener('feedkit:error', show); })").asText();

        assertThat(message).startsWith("HTTP 400: viewer must be a positive 64-bit integer, was \"<img src=x onerror");
        assertNothingRan();
    }

    @Test
    void the_page_without_a_viewer_opens_on_the_sample_viewer() {
        browser.navigate(page(""));

        assertThat(browser.evaluate("location.search").asText()).isEqualTo("?viewer=" + viewer);
        assertThat(browser.evaluate("document.getElementById('viewer').value").asText()).isEqualTo(String.valueOf(viewer));
    }

    // ---------------------------------------------------------------- helpers

    /** Everything the page shows, read in one go: rendering a page is synchronous, so it is consistent. */
    private static final String SNAPSHOT = "(() => {"
            + " const posts = [...document.querySelectorAll('#feed > article.post')].map(a => ({"
            + "   id: a.dataset.id, text: a.querySelector('.text').textContent,"
            + "   name: a.querySelector('.name').firstChild.textContent,"
            + "   tags: [...a.querySelectorAll('.tag')].map(t => t.textContent),"
            + "   media: a.querySelectorAll('.tile').length }));"
            + " const box = el => el.getBoundingClientRect();"
            + " const column = box(document.getElementById('feed'));"
            + " const overflowing = [...document.querySelectorAll('#feed *')].filter(el => box(el).right > column.right + 1"
            + "   && !(el.parentElement && el.parentElement.closest('.text, .name, .handle'))).length"
            + "   + [...document.querySelectorAll('.text')].filter(t => t.scrollWidth > t.clientWidth + 1).length;"
            + " return { pages: Number(document.body.dataset.pages), posts,"
            + "   allText: document.getElementById('feed').textContent, overflowing,"
            + "   pageWidth: document.documentElement.scrollWidth, viewWidth: window.innerWidth };"
            + "})()";

    private static void awaitPages(int pages) {
        browser.evaluate("new Promise((done, failed) => {"
                + " const ready = () => Number(document.body.dataset.pages || 0) >= " + pages + ";"
                + " if (ready()) { done(true); return; }"
                + " if (document.body.dataset.state === 'error') {"
                + "   failed(new Error(document.getElementById('error').textContent)); return; }"
                + " document.addEventListener('feedkit:page', () => { if (ready()) done(true); });"
                + " document.addEventListener('feedkit:error', e => failed(new Error(e.detail.message)));"
                + "})");
    }

    private static void assertNothingRan() {
        assertThat(browser.evaluate("typeof window.__pwned").asText()).as("window.__pwned").isEqualTo("undefined");
        assertThat(browser.evaluate("window.__csp").toString()).as("policy violations").isEqualTo("[]");
        assertThat(browser.events("Page.javascriptDialogOpening")).as("dialogs").isEmpty();
        assertThat(browser.events("Runtime.exceptionThrown")).as("uncaught exceptions").isEmpty();
        assertThat(browser.events("Log.entryAdded").stream().filter(e -> e.at("/params/entry/level").asText().equals("error"))
                .filter(e -> !e.at("/params/entry/url").asText().contains("/api/v1/feed"))
                .toList()).as("console errors other than the API's own 4xx").isEmpty();
    }

    private static URI page(String query) {
        return demo.server().uri().resolve("/" + query);
    }

    /** The first {@code pages} pages of the viewer's feed, read from the API directly. */
    private static List<JsonNode> apiItems(int pages) {
        TestHttp http = new TestHttp(demo.server().uri());
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        for (int p = 0; p < pages; p++) {
            String query = "/api/v1/feed?viewer=" + viewer + "&limit=" + LIMIT
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            TestHttp.Reply reply = http.get(query);
            assertThat(reply.status()).as(query).isEqualTo(200);
            reply.json().get("items").forEach(items::add);
            cursor = reply.json().path("next_page").asText(null);
        }
        return items;
    }

    private static List<String> ids(Iterable<JsonNode> posts) {
        List<String> ids = new ArrayList<>();
        posts.forEach(p -> ids.add(p.get("id").asText()));
        return ids;
    }

    private static String hashed(JsonNode tags) {
        List<String> shown = new ArrayList<>();
        tags.forEach(t -> shown.add("#" + t.asText()));
        return TestHttp.JSON.valueToTree(shown).toString();
    }
}
