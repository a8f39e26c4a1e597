package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedSource;
import dev.feedkit.json.JsonFeedWriter;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.InMemoryFeedStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo server against hostile and broken clients, over raw sockets: slow headers, bodies that
 * never come, oversize headers and URIs, bad percent-encoding, and overload. Every answer is JSON,
 * and none of them stops normal requests.
 */
final class DemoServerHostileClientTest {
    private final List<RawHttp> sockets = new ArrayList<>();
    private FeedAssembler assembler;
    private DemoServer server;
    private long viewer;

    @AfterEach
    void stop() throws IOException {
        for (RawHttp s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
        if (assembler != null) {
            assembler.close();
        }
    }

    // ---------------------------------------------------------------- slow clients

    @Test
    void slow_header_clients_do_not_block_normal_requests_and_are_cut_off() throws Exception {
        start(2, 4);
        for (int i = 0; i < 8; i++) {
            raw().send("GET /api/v1/feed?viewer=" + viewer + " HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        }
        Thread trickle = trickle(sockets);

        for (int i = 0; i < 6; i++) {
            TestHttp.Reply reply = http().get("/api/v1/feed?viewer=" + viewer + "&limit=3");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        }
        for (RawHttp s : sockets) {
            assertThat(s.closedByServer()).as("a slow-header connection is closed by the header timeout").isTrue();
        }
        trickle.interrupt();
    }

    @Test
    void declared_body_that_never_comes_holds_no_thread_and_gets_408_json() throws Exception {
        start(2, 4);
        for (int i = 0; i < 8; i++) {
            raw().send("POST /api/v1/follows HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{");
        }
        for (int i = 0; i < 6; i++) {
            assertThat(http().get("/api/v1/feed?viewer=" + viewer + "&limit=3").status()).isEqualTo(200);
        }
        for (RawHttp s : sockets) {
            RawHttp.Response r = s.read();
            assertThat(r.status()).isEqualTo(408);
            assertJsonError(r, "request_timeout");
        }
    }

    @Test
    void get_that_declares_a_body_and_sends_none_is_served() throws Exception {
        start(2, 4);
        RawHttp s = raw().send("GET /api/v1/feed?viewer=" + viewer + "&limit=2 HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 1000\r\n\r\n");

        assertThat(s.read().status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- limits

    @Test
    void one_megabyte_header_gets_431_json() throws Exception {
        start(2, 4);
        RawHttp s = raw().sendInBackground("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1 << 20)
                + "\r\n\r\n");

        assertJsonError(s.read(), 431, "headers_too_large");
    }

    @Test
    void a_thousand_small_headers_get_431_json() throws Exception {
        start(2, 4);
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            headers.append("X-").append(i).append(": v\r\n");
        }
        RawHttp s = raw().sendInBackground("GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");

        assertJsonError(s.read(), 431, "headers_too_large");
    }

    @Test
    void more_headers_than_the_count_limit_get_431_naming_the_limit() throws Exception {
        start(2, 4);
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            headers.append("X-").append(i).append(": v\r\n");
        }
        RawHttp.Response r = raw().send("GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n").read();

        assertJsonError(r, 431, "headers_too_large");
        assertThat(r.body()).contains("at most 100 header fields, had 151");
    }

    @ParameterizedTest
    @ValueSource(ints = {5_000, 1 << 20})
    void long_query_string_gets_414_json(int length) throws Exception {
        start(2, 4);
        RawHttp s = raw().sendInBackground("GET /api/v1/feed?viewer=1&pad=" + "a".repeat(length) + " HTTP/1.1\r\n"
                + "Host: x\r\n\r\n");

        assertJsonError(s.read(), 414, "uri_too_long");
    }

    // ---------------------------------------------------------------- malformed

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/feed?viewer=%zz", "/api/v1/feed?viewer=1&cursor=%E0%A4%A", "/api/%zz/feed",
        "/api/v1/feed%"})
    void bad_percent_encoding_gets_400_json(String target) throws Exception {
        start(2, 4);
        RawHttp.Response r = raw().send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").read();

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(TestHttp.JSON.readTree(r.body()).at("/error/message").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("<html");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GARBAGE\r\n\r\n", "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"})
    void malformed_requests_get_json_errors(String request) throws Exception {
        start(2, 4);
        RawHttp.Response r = raw().send(request).read();

        assertThat(r.status()).as(r.toString()).isBetween(400, 505);
        assertThat(r.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(TestHttp.JSON.readTree(r.body()).at("/error/code").asText()).isNotBlank();
    }

    // ---------------------------------------------------------------- overload

    @Test
    void full_pool_sheds_503_json_at_once_while_health_answers() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FeedSource stuck = (v, after, max, out, deadline) -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        EntityStore none = (keys, sink, deadline) -> { };
        assembler = FeedAssembler.newBuilder().source(stuck).store(none).writer(JsonFeedWriter.create())
                .timeout(Duration.ofSeconds(30)).prewarm(false).build();
        server = DemoServer.newBuilder(assembler).port(0).threads(1).queue(1).start();
        try {
            CompletableFuture<TestHttp.Reply> busy = http().getAsync("/api/v1/feed?viewer=1");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<TestHttp.Reply> queued = http().getAsync("/api/v1/feed?viewer=2");
            while (server.executor().getQueue().isEmpty()) {
                Thread.sleep(5);
            }
            // Clients that send a whole request and never read: shedding must not wait for them.
            for (int i = 0; i < 20; i++) {
                raw().send("GET /api/v1/feed?viewer=3 HTTP/1.1\r\nHost: x\r\n\r\n");
            }

            TestHttp.Reply shed = http().get("/api/v1/feed?viewer=4");
            TestHttp.Reply health = http().get("/healthz");
            TestHttp.Reply ready = http().get("/readyz");

            assertThat(shed.status()).isEqualTo(503);
            assertThat(shed.header("Retry-After")).isEqualTo("1");
            assertThat(shed.json().at("/error/code").asText()).isEqualTo("unavailable");
            assertThat(health.status()).as("/healthz does not wait behind feed requests").isEqualTo(200);
            assertThat(ready.status()).isEqualTo(200);
            assertThat(sockets.get(0).read().status()).isEqualTo(503);
            release.countDown();
            assertThat(busy.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            release.countDown();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void start(int threads, int queue) {
        DemoData data = DemoData.newBuilder().users(200).posts(2_000).meanFollows(10).seed(3).build();
        viewer = data.sampleViewer();
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        assembler = FeedAssembler.newBuilder().source(store).store(store).writer(JsonFeedWriter.create()).build();
        server = DemoServer.newBuilder(assembler).port(0).threads(threads).queue(queue)
                .headerTimeout(Duration.ofMillis(500)).bodyTimeout(Duration.ofMillis(500))
                .idleTimeout(Duration.ofSeconds(20))
                .route(WriteRoutes.FOLLOWS, new WriteRoutes(assembler, DemoWrites.inMemory(store, 1_000_000)))
                .start();
    }

    private TestHttp http() {
        return new TestHttp(server.uri());
    }

    private RawHttp raw() {
        RawHttp s = new RawHttp(server.uri());
        sockets.add(s);
        return s;
    }

    /** Sends one more header byte on each socket every 100 ms: the idle timeout never fires. */
    private static Thread trickle(List<RawHttp> slow) {
        List<RawHttp> copy = List.copyOf(slow);
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (RawHttp s : copy) {
                    try {
                        s.send("a");
                    } catch (IOException closed) {
                        // cut off by the server, as intended
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "trickle");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void assertJsonError(RawHttp.Response r, int status, String code) throws IOException {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertJsonError(r, code);
    }

    private static void assertJsonError(RawHttp.Response r, String code) throws IOException {
        assertThat(r.contentType()).as(r.toString()).isEqualTo("application/json; charset=utf-8");
        JsonNode error = TestHttp.JSON.readTree(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
    }
}
