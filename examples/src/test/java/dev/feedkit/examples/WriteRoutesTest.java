package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The demo's write routes on the in-memory store with timelines on: writes show up, bad input is a 400. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class WriteRoutesTest {
    private DemoMain.Running running;
    private TestHttp http;
    private long viewer;

    @BeforeAll
    void start() {
        DemoOptions options = DemoOptions.parse(new String[] {"--port", "0", "--users", "200", "--posts", "3000",
            "--follows", "10"}, Map.of());
        running = DemoMain.start(options);
        http = new TestHttp(running.server().uri());
        viewer = running.backend().sampleViewer();
    }

    @AfterAll
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void a_created_post_appears_on_its_authors_first_page_and_leaves_it_when_deleted() throws Exception {
        TestHttp.Reply created = http.send("POST", "/api/v1/posts", "{\"author_id\":\"" + viewer + "\",\"text\":\"hi\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        awaitIdle();
        assertThat(firstPage(viewer)).first().isEqualTo(id);

        assertThat(http.send("DELETE", "/api/v1/posts/" + id).status()).isEqualTo(200);
        awaitIdle();
        assertThat(firstPage(viewer)).doesNotContain(id);
        assertThat(http.send("DELETE", "/api/v1/posts/" + id).status()).isEqualTo(404);
    }

    @Test
    void follow_unfollow_mute_and_block_answer_ok_and_change_the_feed() throws Exception {
        long other = viewer + 1;
        TestHttp.Reply post = http.send("POST", "/api/v1/posts", "{\"author_id\":" + other + ",\"text\":\"from other\"}");
        if (post.status() == 404) {
            other = viewer - 1;
            post = http.send("POST", "/api/v1/posts", "{\"author_id\":" + other + ",\"text\":\"from other\"}");
        }
        assertThat(post.status()).as(post.toString()).isEqualTo(201);
        String id = post.json().get("id").asText();
        String edge = "{\"follower_id\":\"" + viewer + "\",\"followee_id\":\"" + other + "\"}";
        http.send("DELETE", "/api/v1/follows", edge); // start from "not following"
        awaitIdle();
        assertThat(http.send("POST", "/api/v1/follows", edge).status()).isEqualTo(200);
        awaitIdle();
        assertThat(firstPage(viewer)).contains(id);
        assertThat(http.send("DELETE", "/api/v1/follows", edge).status()).isEqualTo(200);
        awaitIdle();
        assertThat(firstPage(viewer)).doesNotContain(id);
        assertThat(http.send("POST", "/api/v1/follows", edge).status()).isEqualTo(200);
        awaitIdle();
        assertThat(firstPage(viewer)).contains(id);
        String mute = "{\"muter_id\":\"" + viewer + "\",\"muted_id\":\"" + other + "\"}";
        assertThat(http.send("POST", "/api/v1/mutes", mute).status()).isEqualTo(200);
        awaitIdle();
        assertThat(firstPage(viewer)).as("muted while still following").doesNotContain(id);
        assertThat(http.send("DELETE", "/api/v1/mutes", mute).status()).isEqualTo(200);
        awaitIdle();
        assertThat(firstPage(viewer)).as("unmuted").contains(id);
        String block = "{\"blocker_id\":\"" + other + "\",\"blocked_id\":\"" + viewer + "\"}";
        assertThat(http.send("POST", "/api/v1/blocks", block).status()).isEqualTo(200);
        awaitIdle();
        assertThat(firstPage(viewer)).doesNotContain(id);
    }

    @Test
    void bad_ids_and_bodies_are_400_never_500() {
        assertBad("POST", "/api/v1/posts", "not json", "invalid_body");
        assertBad("POST", "/api/v1/posts", "[1]", "invalid_body");
        assertBad("POST", "/api/v1/posts", "{\"author_id\":\"x\",\"text\":\"a\"}", "invalid_id");
        assertBad("POST", "/api/v1/posts", "{\"author_id\":\"-1\",\"text\":\"a\"}", "invalid_id");
        assertBad("POST", "/api/v1/posts", "{\"author_id\":\"1\",\"text\":7}", "invalid_body");
        assertBad("POST", "/api/v1/follows", "{\"follower_id\":\"1\"}", "invalid_id");
        assertBad("POST", "/api/v1/follows", "{\"follower_id\":\"1\",\"followee_id\":\"1\"}", "invalid_body");
        assertBad("POST", "/api/v1/blocks", "{\"blocker_id\":1.5,\"blocked_id\":\"2\"}", "invalid_id");
        assertBad("POST", "/api/v1/mutes", "{\"muter_id\":\"1\",\"muted_id\":\"1\"}", "invalid_body");
        assertThat(http.send("DELETE", "/api/v1/posts/abc").status()).isEqualTo(400);
        assertThat(http.send("DELETE", "/api/v1/posts/99999999999999999999").status()).isEqualTo(400);
        assertThat(http.send("POST", "/api/v1/posts", "{\"author_id\":\"123456789\",\"text\":\"a\"}").status())
                .isEqualTo(404);
        assertThat(http.send("GET", "/api/v1/follows").status()).isEqualTo(405);
    }

    private void assertBad(String method, String path, String body, String code) {
        TestHttp.Reply r = http.send(method, path, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("error").get("code").asText()).isEqualTo(code);
    }

    private List<String> firstPage(long v) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : http.get("/api/v1/feed?viewer=" + v + "&limit=20").json().get("items")) {
            ids.add(item.get("id").asText());
        }
        return ids;
    }

    private void awaitIdle() throws InterruptedException {
        for (int i = 0; i < 3000 && !running.assembler().timelinesIdle(); i++) {
            Thread.sleep(5);
        }
    }
}
