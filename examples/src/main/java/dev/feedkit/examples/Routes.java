package dev.feedkit.examples;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Where each request goes, and on which thread:
 *   - the limits Jetty does not check (header count, URI length) are checked first: 431 / 414;
 *   - a request on a connection opened past the connection cap (ConnectionCap) gets 503, except
 *     for /healthz and /readyz, while the server has more connections open than the cap;
 *   - /healthz, /readyz and routes that never block answer on the Jetty thread that parsed the
 *     request, so they never wait behind feed requests;
 *   - a route that reads a body gets it read asynchronously, bounded in size and time (408 when it
 *     does not arrive), before it takes a pool thread: a client that declares a body and sends
 *     nothing holds no thread;
 *   - blocking routes (the feed, the writes) go to the bounded request pool, and a full pool is a
 *     503 written asynchronously by the Jetty thread: shedding blocks nothing; so is a request
 *     that arrives while the oldest queued one has waited longer than maxQueueWait (when set):
 *     a queue that no longer drains quickly answers new requests at once instead of letting them
 *     wait out their deadline;
 *   - with a request timeout, a feed request's deadline starts when it arrives: the page gets it minus
 *     its wait in the queue, and one that waited all of it is a 503 at once, so that no answer,
 *     503s included, comes much later than the timeout whatever the queue holds.
 * The feed page is assembled into a buffer and sent with its length in one write: the thread is
 * free before the client reads, and a writer that fails mid-page is a clean 500, not a cut body.
 */

/** The demo server's handler: routes requests and maps failures to the error table of docs/CONTRACT.md. */
final class Routes extends Handler.Abstract {
    static final String FEED = "/api/v1/feed";
    static final String HEALTH = "/healthz";
    static final String READY = "/readyz";
    /** What a client reads when the store fails; the details go to the log. */
    static final String STORE_UNAVAILABLE = "the feed store is unavailable; retry";
    /** What a client reads when its request waited its whole timeout for a thread. */
    static final String QUEUED_TOO_LONG = "the server is busy: the request waited its whole timeout; retry";
    private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY = new byte[0];
    private static final Logger log = LoggerFactory.getLogger(Routes.class);

    private final FeedAssembler assembler;
    private final ThreadPoolExecutor pool;
    private final Map<String, Route> extra;
    private final Readiness readiness;
    private final ConnectionCap cap;
    private final String tooManyConnections;
    private final long timeoutNanos;
    private final long maxQueueWaitNanos;
    private final String queueTooSlow;
    private final int maxHeaders;
    private final int maxUriLength;
    private final Duration bodyTimeout;
    private final String saturated;
    private final Route feedRoute = getOnly(true, this::feed);
    private final Route healthRoute = getOnly(false, e -> e.send(200, OK));
    private final Route readyRoute = getOnly(false, this::ready);
    private final RateLimitedLog unavailable = new RateLimitedLog(log, TimeUnit.SECONDS.toNanos(1), System::nanoTime);

    Routes(FeedAssembler assembler, ThreadPoolExecutor pool, Map<String, Route> extra, Readiness readiness, ConnectionCap cap,
            Limits limits) {
        this.assembler = assembler;
        this.pool = pool;
        this.extra = Map.copyOf(extra);
        this.readiness = readiness;
        this.cap = cap;
        this.tooManyConnections = "server has too many connections: at most " + cap.max()
                + " are served at once; retry later";
        this.timeoutNanos = limits.requestTimeout() == null ? 0 : limits.requestTimeout().toNanos();
        this.maxQueueWaitNanos = limits.maxQueueWait() == null ? 0 : limits.maxQueueWait().toNanos();
        this.queueTooSlow = "server is overloaded: requests wait longer than " + (maxQueueWaitNanos / 1_000_000)
                + " ms for a thread; retry later";
        this.maxHeaders = limits.maxHeaders();
        this.maxUriLength = limits.maxUriLength();
        this.bodyTimeout = limits.bodyTimeout();
        this.saturated = "server is saturated: " + limits.threads() + " threads busy and " + limits.queue()
                + " requests queued; retry later, or raise --threads";
    }

    /** The limits that {@link Routes} checks itself, and the pool's size for the 503 message. */
    record Limits(int maxHeaders, int maxUriLength, Duration bodyTimeout, int threads, int queue,
            Duration requestTimeout, Duration maxQueueWait) {
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = new Exchange(request, response, callback, EMPTY);
        HttpError tooLarge = tooLarge(request);
        if (tooLarge != null) {
            exchange.header("Connection", "close");
            exchange.send(tooLarge);
            return true;
        }
        String path = exchange.rawPath();
        Route route = route(path);
        if (cap.isOver(request.getConnectionMetaData().getConnection()) && !path.equals(HEALTH) && !path.equals(READY)) {
            exchange.send(HttpError.unavailable(tooManyConnections));
        } else if (route == null) {
            exchange.send(HttpError.notFound(path));
        } else if (route.maxBody() > 0) {
            readBody(request, response, callback, route);
        } else if (route.blocking()) {
            dispatch(route, exchange);
        } else {
            serve(route, exchange);
        }
        return true;
    }

    private HttpError tooLarge(Request request) {
        int length = request.getHttpURI().getPath().length();
        String query = request.getHttpURI().getQuery();
        length += query == null ? 0 : query.length() + 1;
        if (length > maxUriLength) {
            return new HttpError(414, "uri_too_long", "the URI must be at most " + maxUriLength + " characters, was "
                    + length);
        }
        int headers = request.getHeaders().size();
        if (headers > maxHeaders) {
            return new HttpError(431, "headers_too_large", "a request may have at most " + maxHeaders
                    + " header fields, had " + headers);
        }
        return null;
    }

    private Route route(String path) {
        switch (path) {
            case FEED: return feedRoute;
            case HEALTH: return healthRoute;
            case READY: return readyRoute;
            default: break;
        }
        for (Map.Entry<String, Route> e : extra.entrySet()) {
            if (path.equals(e.getKey()) || path.startsWith(e.getKey() + "/")) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A route that answers GET with {@code serve} and anything else with 405 (on the Jetty thread). */
    private static Route getOnly(boolean blocking, Route serve) {
        return new Route() {
            @Override
            public void serve(Exchange e) throws IOException {
                serve.serve(e);
            }

            @Override
            public boolean blocking() {
                return blocking;
            }
        };
    }

    private static boolean methodAllowed(String path, Exchange exchange) {
        if (exchange.method().equals("GET") || !(path.equals(FEED) || path.equals(HEALTH) || path.equals(READY))) {
            return true;
        }
        exchange.header("Allow", "GET");
        exchange.send(HttpError.methodNotAllowed(exchange.method()));
        return false;
    }

    // ---------------------------------------------------------------- threads

    private void dispatch(Route route, Exchange exchange) {
        if (!methodAllowed(exchange.rawPath(), exchange)) {
            return;
        }
        if (maxQueueWaitNanos > 0 && queueHeadWaited() > maxQueueWaitNanos) {
            exchange.send(HttpError.unavailable(queueTooSlow));
            return;
        }
        try {
            pool.execute(new Queued(exchange.arrivedNanos(), () -> serve(route, exchange)));
        } catch (RejectedExecutionException full) {
            exchange.send(HttpError.unavailable(saturated));
        }
    }

    /** @return how long the oldest queued request has waited, 0 if none */
    private long queueHeadWaited() {
        Runnable head = pool.getQueue().peek();
        return head instanceof Queued ? System.nanoTime() - ((Queued) head).arrivedNanos : 0;
    }

    /** A request in the pool's queue, with its arrival time. */
    private record Queued(long arrivedNanos, Runnable task) implements Runnable {
        @Override
        public void run() {
            task.run();
        }
    }

    private static void serve(Route route, Exchange exchange) {
        if (!methodAllowed(exchange.rawPath(), exchange)) {
            return;
        }
        try {
            route.serve(exchange);
        } catch (IOException | RuntimeException e) {
            log.error("500 for {} {}", exchange.method(), exchange.shownUri(), e);
            exchange.send(HttpError.internal());
        }
    }

    /** Reads the body without a thread, at most {@code route.maxBody()} bytes within the body timeout. */
    private void readBody(Request request, Response response, Callback callback, Route route) {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > route.maxBody()) {
            Exchange e = new Exchange(request, response, callback, EMPTY);
            e.header("Connection", "close");
            e.send(bodyTooLarge(route.maxBody()));
            return;
        }
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        Content.Source.asByteArrayAsync(request, route.maxBody(), Promise.Invocable.toPromise(body));
        body.orTimeout(bodyTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((bytes, failure) -> {
            Exchange e = new Exchange(request, response, callback, bytes == null ? EMPTY : bytes);
            if (failure == null) {
                dispatch(route, e);
                return;
            }
            e.header("Connection", "close");
            e.send(failure instanceof TimeoutException
                    ? new HttpError(408, "request_timeout", "the request body did not arrive within "
                            + bodyTimeout.toMillis() + " ms")
                    : bodyTooLarge(route.maxBody()));
        });
    }

    private static HttpError bodyTooLarge(int max) {
        return new HttpError(400, "invalid_body", "body must be at most " + max + " bytes");
    }

    // ---------------------------------------------------------------- routes

    private void feed(Exchange exchange) {
        Page page = new Page();
        long left = timeoutNanos == 0 ? Long.MAX_VALUE : timeoutNanos - (System.nanoTime() - exchange.arrivedNanos());
        try {
            FeedRequest request = FeedQuery.parse(exchange.rawQuery(),
                    timeoutNanos == 0 ? null : Duration.ofNanos(Math.max(1, left)));
            if (left <= 0) {
                unavailable.warn("503 for " + exchange.shownUri(), "it waited longer than the request timeout for a thread");
                exchange.send(HttpError.unavailable(QUEUED_TOO_LONG));
                return;
            }
            assembler.write(request, page);
            exchange.send(200, page.buffer());
        } catch (InvalidRequestException e) {
            log.debug("400 {}: {}", e.code(), e.getMessage());
            exchange.send(HttpError.badRequest(e));
        } catch (FeedUnavailableException e) {
            unavailable.warn("503 for " + exchange.shownUri(), e.getMessage() + " (cause: " + e.getCause() + ")");
            exchange.send(HttpError.unavailable(STORE_UNAVAILABLE));
        } catch (IOException | RuntimeException e) {
            log.error("500 for {}", exchange.shownUri(), e);
            exchange.send(HttpError.internal());
        }
    }

    private void ready(Exchange exchange) {
        Readiness.Report report = readiness.report();
        exchange.send(report.ready() ? 200 : 503, report.json());
    }

    /** The page's bytes, sent from the buffer without a copy. */
    private static final class Page extends ByteArrayOutputStream {
        Page() {
            super(16 * 1024);
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }
}
