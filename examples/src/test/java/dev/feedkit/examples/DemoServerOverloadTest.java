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

/**
 * The demo server's overload limits: the connection cap, the queue's wait bound and the request
 * timeout counted from arrival. The waits below only make sure that at least so much time has
 * passed; nothing asserts how long anything took.
 */
final class DemoServerOverloadTest {
    private final List<RawHttp> sockets = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private FeedAssembler assembler;
    private DemoServer server;

    @AfterEach
    void stop() throws IOException {
        release.countDown();
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

    @Test
    void a_connection_past_the_cap_gets_503_json_until_another_closes_and_health_answers_on_it() throws Exception {
        DemoData data = DemoData.newBuilder().users(100).posts(500).meanFollows(5).seed(3).build();
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        assembler = FeedAssembler.newBuilder().source(store).store(store).writer(JsonFeedWriter.create()).build();
        server = DemoServer.newBuilder(assembler).port(0).maxConnections(2).start();
        String feed = "GET /api/v1/feed?viewer=" + data.sampleViewer() + " HTTP/1.1\r\nHost: x\r\n\r\n";
        RawHttp first = raw();
        RawHttp second = raw();
        assertThat(first.send(feed).read().status()).isEqualTo(200);
        assertThat(second.send(feed).read().status()).isEqualTo(200);

        RawHttp third = raw();
        RawHttp.Response over = third.send(feed).read();
        RawHttp.Response health = third.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").read();

        assertThat(over.status()).isEqualTo(503);
        assertThat(error(over).get("code").asText()).isEqualTo("unavailable");
        assertThat(error(over).get("message").asText()).contains("at most 2");
        assertThat(health.status()).isEqualTo(200);
        first.close();
        int status = 503;
        for (int i = 0; i < 500 && status == 503; i++) { // until the server has seen the close
            status = third.send(feed).read().status();
            if (status == 503) {
                Thread.sleep(10);
            }
        }
        assertThat(status).as("served once another connection closed").isEqualTo(200);
    }

    @Test
    void a_request_arriving_while_the_oldest_queued_one_waited_too_long_is_shed_at_once() throws Exception {
        startStuck(b -> b.threads(1).queue(10).maxQueueWait(Duration.ofMillis(50)));
        CompletableFuture<TestHttp.Reply> busy = http().getAsync("/api/v1/feed?viewer=1");
        awaitPoolBusy();
        CompletableFuture<TestHttp.Reply> queued = http().getAsync("/api/v1/feed?viewer=2");
        while (server.executor().getQueue().isEmpty()) {
            Thread.sleep(5);
        }
        Thread.sleep(100); // the queued request has now waited more than 50 ms

        TestHttp.Reply shed = http().get("/api/v1/feed?viewer=3");

        assertThat(shed.status()).isEqualTo(503);
        assertThat(shed.json().at("/error/message").asText()).contains("wait longer than 50 ms");
        release.countDown();
        assertThat(busy.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void a_request_that_queued_past_its_timeout_is_503_without_being_assembled() throws Exception {
        startStuck(b -> b.threads(1).queue(10).requestTimeout(Duration.ofMillis(100)));
        CompletableFuture<TestHttp.Reply> busy = http().getAsync("/api/v1/feed?viewer=1");
        awaitPoolBusy();
        CompletableFuture<TestHttp.Reply> queued = http().getAsync("/api/v1/feed?viewer=2");
        while (server.executor().getQueue().isEmpty()) {
            Thread.sleep(5);
        }
        Thread.sleep(200); // longer than the queued request's 100 ms
        release.countDown();

        TestHttp.Reply late = queued.get(10, TimeUnit.SECONDS);
        assertThat(late.status()).isEqualTo(503);
        assertThat(late.json().at("/error/message").asText()).isEqualTo(Routes.QUEUED_TOO_LONG);
        busy.get(10, TimeUnit.SECONDS);
        assertThat(calls).as("the queued request never reached the source").isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    private volatile int calls;
    private final CountDownLatch entered = new CountDownLatch(1);

    private interface Settings {
        DemoServer.Builder apply(DemoServer.Builder b);
    }

    /** A server whose source blocks until {@link #release} opens, and counts its calls. */
    private void startStuck(Settings settings) {
        FeedSource stuck = (v, after, max, out, deadline) -> {
            calls++;
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        EntityStore none = (keys, sink, deadline) -> { };
        assembler = FeedAssembler.newBuilder().source(stuck).store(none).writer(JsonFeedWriter.create())
                .timeout(Duration.ofSeconds(30)).prewarm(false).timelines(false).build();
        server = settings.apply(DemoServer.newBuilder(assembler).port(0)).start();
    }

    private void awaitPoolBusy() throws InterruptedException {
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private TestHttp http() {
        return new TestHttp(server.uri());
    }

    private RawHttp raw() {
        RawHttp s = new RawHttp(server.uri());
        sockets.add(s);
        return s;
    }

    private static JsonNode error(RawHttp.Response r) throws IOException {
        assertThat(r.contentType()).isEqualTo("application/json; charset=utf-8");
        return TestHttp.JSON.readTree(r.body()).get("error");
    }
}
