package dev.feedkit.examples;

import dev.feedkit.FeedRequest;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.InvalidRequestException;
import dev.feedkit.examples.naive.NaiveFeedService;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/*
 * The load test's two reference endpoints, mounted beside the feed on the same server threads:
 *   /api/v1/naive-feed   the same query parameters and JSON as /api/v1/feed, served by
 *                        NaiveFeedService (N+1 queries, databind, no cache): the floor;
 *   /api/v1/static-feed  the bytes of one typical page, rendered once at startup: the ceiling of
 *                        the server itself (HTTP, threads, socket writes) with no feed work at all.
 * Registration is one line each: DemoServer.newBuilder(..).route(PATH, route). The static page
 * never blocks, so it is answered on the Jetty thread that parsed the request, with no hand-off.
 */

/** HTTP handlers of the naive and the static feed endpoints. */
final class LoadTestRoutes {
    static final String NAIVE = "/api/v1/naive-feed";
    static final String STATIC = "/api/v1/static-feed";
    private static final String JSON = "application/json; charset=utf-8";

    private LoadTestRoutes() {
    }

    /** Serves pages from {@code naive}, buffered and then sent, as a first version would. */
    static Route naive(NaiveFeedService naive) {
        return exchange -> {
            try {
                FeedRequest request = FeedQuery.parse(exchange.rawQuery());
                ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
                naive.write(request, body);
                exchange.send(200, body.toByteArray());
            } catch (InvalidRequestException e) {
                exchange.send(HttpError.badRequest(e));
            } catch (FeedUnavailableException e) {
                exchange.send(HttpError.unavailable(Routes.STORE_UNAVAILABLE));
            }
        };
    }

    /** Serves {@code page} as it is, whatever the query, without leaving the Jetty thread. */
    static Route fixed(byte[] page) {
        byte[] copy = page.clone();
        return new Route() {
            @Override
            public void serve(Exchange exchange) {
                exchange.send(200, ByteBuffer.wrap(copy));
            }

            @Override
            public boolean blocking() {
                return false;
            }
        };
    }
}
