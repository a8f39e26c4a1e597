package dev.feedkit.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.InvalidRequestException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo server's one handler: routes {@code GET /api/v1/feed} and {@code GET /healthz}, and
 * maps failures to the error table of docs/CONTRACT.md.
 *
 * <p>It is mounted on {@code /} because the JDK server matches contexts by prefix and answers
 * unmatched paths with an HTML page; routing exact paths here keeps every answer JSON. Failures
 * are logged here (a 500 with its stack trace) and never written to the client.
 */
final class Routes implements HttpHandler {
    static final String FEED = "/api/v1/feed";
    static final String HEALTH = "/healthz";
    private static final String JSON = "application/json; charset=utf-8";
    private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
    private static final Logger log = LoggerFactory.getLogger(Routes.class);

    private final FeedAssembler assembler;
    private final String saturated;

    Routes(FeedAssembler assembler, int threads, int queue) {
        this.assembler = assembler;
        this.saturated = "server is saturated: " + threads + " threads busy and " + queue
                + " requests queued; retry later, or raise --threads";
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (StreamBroken e) {
            // The status line is out; closing the exchange would end the chunked body and make
            // a truncated page look complete. Throwing makes the server drop the connection.
            log.warn("feed response failed after it was committed: {}", e.getCause().toString());
            throw e.getCause();
        }
        exchange.close();
    }

    private void route(HttpExchange exchange) throws IOException {
        if (SheddingExecutor.isShedding()) {
            send(exchange, HttpError.unavailable(saturated));
            return;
        }
        String path = exchange.getRequestURI().getRawPath();
        if (!path.equals(FEED) && !path.equals(HEALTH)) {
            send(exchange, HttpError.notFound(path));
        } else if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            send(exchange, HttpError.methodNotAllowed(exchange.getRequestMethod()));
        } else if (path.equals(HEALTH)) {
            send(exchange, 200, OK);
        } else {
            feed(exchange);
        }
    }

    private void feed(HttpExchange exchange) throws IOException {
        CommitOnWrite out = new CommitOnWrite(exchange, JSON);
        try {
            FeedRequest request = FeedQuery.parse(exchange.getRequestURI().getRawQuery());
            assembler.write(request, out);
            out.finish();
        } catch (InvalidRequestException e) {
            log.debug("400 {}: {}", e.code(), e.getMessage());
            fail(exchange, out, HttpError.badRequest(e), e);
        } catch (FeedUnavailableException e) {
            log.warn("503 for {}: {} (cause: {})", exchange.getRequestURI(), e.getMessage(), String.valueOf(e.getCause()));
            fail(exchange, out, HttpError.unavailable(e.getMessage()), e);
        } catch (IOException e) {
            throw out.committed() ? new StreamBroken(e) : e;
        } catch (RuntimeException e) {
            log.error("500 for {}", exchange.getRequestURI(), e);
            fail(exchange, out, HttpError.internal(), e);
        }
    }

    private static void fail(HttpExchange exchange, CommitOnWrite out, HttpError error, Exception cause)
            throws IOException {
        if (out.committed()) {
            throw new StreamBroken(new IOException("page stream failed mid-way", cause));
        }
        send(exchange, error);
    }

    /** Sends an error body, with {@code Retry-After} on a 503. */
    static void send(HttpExchange exchange, HttpError error) throws IOException {
        if (error.status() == 503) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        send(exchange, error.status(), error.body());
    }

    /** Sends a complete JSON body with its length. */
    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Carries a failure that happened after the 200 status line was sent. */
    private static final class StreamBroken extends IOException {
        private static final long serialVersionUID = 1L;

        StreamBroken(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
