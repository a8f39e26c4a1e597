package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedSource;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.FeedWriter;
import dev.feedkit.json.JsonFeedWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The demo server's 503 and 500 answers, driven by small stub sources and writers (not mocks of
 * PostgreSQL or Redis: they stand for "the source of truth failed" and "a bug").
 */
final class DemoServerFailureTest {
    private static final EntityStore EMPTY_STORE = (keys, sink, deadline) -> { };
    private static final FeedSource NO_CANDIDATES = (viewer, after, max, out, deadline) -> { };

    @Test
    void unavailable_source_gives_503_with_retry_after_and_json_body() {
        FeedSource down = (viewer, after, max, out, deadline) -> {
            throw new FeedUnavailableException("store is down: pool feedkit-pool (total=10, active=10), SQLState 08001",
                    new java.net.ConnectException("refused"));
        };
        withServer(down, 4, 16, http -> {
            TestHttp.Reply reply = http.get("/api/v1/feed?viewer=7");

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("Retry-After")).isEqualTo("1");
            assertThat(reply.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            JsonNode error = reply.json().get("error");
            assertThat(error.get("code").asText()).isEqualTo("unavailable");
            assertThat(error.get("message").asText()).isEqualTo("the feed store is unavailable; retry");
            assertThat(reply.body()).doesNotContain("ConnectException").doesNotContain("\tat ")
                    .doesNotContain("pool").doesNotContain("SQLState").doesNotContain("08001");
        });
    }

    @Test
    void unexpected_failure_gives_500_with_exactly_the_internal_body() {
        FeedSource buggy = (viewer, after, max, out, deadline) -> {
            throw new IllegalStateException("bug: \"secret\" internal detail");
        };
        withServer(buggy, 4, 16, http -> {
            TestHttp.Reply reply = http.get("/api/v1/feed?viewer=7");

            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.body()).isEqualTo("{\"error\":{\"code\":\"internal\"}}");
            assertThat(reply.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        });
    }

    @Test
    void saturated_server_answers_503_instead_of_queueing() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FeedSource slow = (viewer, after, max, out, deadline) -> {
            entered.countDown();
            awaitQuietly(release);
        };
        withServer(slow, 1, 1, http -> {
            try {
                CompletableFuture<TestHttp.Reply> busy = http.getAsync("/api/v1/feed?viewer=1");
                assertThat(entered.await(10, TimeUnit.SECONDS)).as("first request reached the source").isTrue();
                CompletableFuture<TestHttp.Reply> queued = http.getAsync("/api/v1/feed?viewer=2");
                awaitQueued(1);

                TestHttp.Reply shed = http.get("/api/v1/feed?viewer=3");

                assertThat(shed.status()).isEqualTo(503);
                assertThat(shed.header("Retry-After")).isEqualTo("1");
                assertThat(shed.json().at("/error/code").asText()).isEqualTo("unavailable");
                assertThat(shed.json().at("/error/message").asText()).contains("--threads");
                release.countDown();
                assertThat(busy.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
                assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                release.countDown();
            }
        });
    }

    @Test
    void writer_failing_before_its_first_byte_gives_500() {
        FeedWriter broken = (page, out) -> {
            throw new IllegalStateException("writer bug");
        };
        withServer(NO_CANDIDATES, broken, 4, 16, http -> {
            TestHttp.Reply reply = http.get("/api/v1/feed?viewer=7");

            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.body()).isEqualTo("{\"error\":{\"code\":\"internal\"}}");
        });
    }

    @Test
    void writer_failing_mid_page_gives_500_never_a_truncated_200() {
        FeedWriter halfway = (page, out) -> {
            out.write("{\"items\":[".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("writer bug after the first bytes");
        };
        withServer(NO_CANDIDATES, halfway, 4, 16, http -> {
            TestHttp.Reply reply = http.get("/api/v1/feed?viewer=7");

            assertThat(reply.status()).as("the page is buffered: nothing was sent yet").isEqualTo(500);
            assertThat(reply.body()).isEqualTo("{\"error\":{\"code\":\"internal\"}}");
            assertThat(http.get("/healthz").status()).as("the server still serves").isEqualTo(200);
        });
    }

    private DemoServer server;

    /*
     * Polls on the real clock on purpose: it waits for the server's own threads to queue requests,
     * not for time to pass, and the executor offers no signal to wait on instead.
     */
    private void awaitQueued(int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.executor().getQueue().size() < n) {
            assertThat(System.nanoTime() - until).as("request queued within 10 s").isNegative();
            Thread.sleep(5);
        }
    }

    private void withServer(FeedSource source, int threads, int queue, Consumer<TestHttp> test) {
        withServer(source, JsonFeedWriter.create(), threads, queue, test);
    }

    private void withServer(FeedSource source, FeedWriter writer, int threads, int queue, Consumer<TestHttp> test) {
        try (FeedAssembler assembler = FeedAssembler.newBuilder().source(source).store(EMPTY_STORE)
                .writer(writer).timeout(Duration.ofSeconds(30)).prewarm(false).build();
             DemoServer started = DemoServer.newBuilder(assembler).port(0).threads(threads).queue(queue).start()) {
            server = started;
            test.accept(new TestHttp(started.uri()));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
