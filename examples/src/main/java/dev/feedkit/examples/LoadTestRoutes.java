package dev.feedkit.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.InvalidRequestException;
import dev.feedkit.examples.naive.NaiveFeedService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/*
 * The load test's two reference endpoints, mounted beside the feed on the same server threads:
 *   /api/v1/naive-feed   the same query parameters and JSON as /api/v1/feed, served by
 *                        NaiveFeedService (N+1 queries, databind, no cache): the floor;
 *   /api/v1/static-feed  the bytes of one typical page, rendered once at startup: the ceiling of
 *                        the server itself (HTTP, threads, socket writes) with no feed work at all.
 * Registration is one line each: DemoServer.newBuilder(..).route(PATH, handler).
 */

/** HTTP handlers of the naive and the static feed endpoints. */
final class LoadTestRoutes {
    static final String NAIVE = "/api/v1/naive-feed";
    static final String STATIC = "/api/v1/static-feed";
    private static final String JSON = "application/json; charset=utf-8";

    private LoadTestRoutes() {
    }

    /** Serves pages from {@code naive}, buffered and then sent, as a first version would. */
    static HttpHandler naive(NaiveFeedService naive) {
        return exchange -> {
            try {
                if (SheddingExecutor.isShedding()) {
                    Routes.send(exchange, HttpError.unavailable("server is saturated; retry later"));
                    return;
                }
                FeedRequest request = FeedQuery.parse(exchange.getRequestURI().getRawQuery());
                ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
                naive.write(request, body);
                Routes.send(exchange, 200, body.toByteArray());
            } catch (InvalidRequestException e) {
                Routes.send(exchange, HttpError.badRequest(e));
            } catch (FeedUnavailableException e) {
                Routes.send(exchange, HttpError.unavailable(e.getMessage()));
            } catch (RuntimeException e) {
                Routes.send(exchange, HttpError.internal());
            } finally {
                exchange.close();
            }
        };
    }

    /** Serves {@code page} as it is, whatever the query. */
    static HttpHandler fixed(byte[] page) {
        byte[] copy = page.clone();
        return exchange -> {
            try {
                Routes.send(exchange, 200, copy);
            } finally {
                exchange.close();
            }
        };
    }
}
