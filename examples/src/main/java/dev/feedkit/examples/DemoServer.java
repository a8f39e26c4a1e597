package dev.feedkit.examples;

import dev.feedkit.FeedAssembler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The feedkit demo HTTP server: {@code GET /api/v1/feed?viewer=..&cursor=..&limit=..} answers a
 * page of a viewer's home feed as JSON, {@code GET /healthz} answers {@code {"status":"ok"}} and
 * {@code GET /readyz} the state of the store and the L2 tier.
 *
 * <p>Run it with {@code bin/demo} (see {@link #main}), or embed it around any assembler:
 * <pre>{@code
 * try (DemoServer server = DemoServer.newBuilder(assembler).port(0).start()) {
 *     URI feed = server.uri().resolve("/api/v1/feed?viewer=42");
 * }
 * }</pre>
 *
 * <p>It runs on Jetty 12 (the README has the figures that chose it over the JDK's server): headers
 * are parsed without a thread, so slow clients hold connections, not threads. Headers must arrive
 * within {@link Builder#headerTimeout} and bodies within {@link Builder#bodyTimeout}; headers are
 * bounded in bytes (431), in count (431) and the URI in length (414). Feed requests run on a fixed
 * pool with a bounded queue: a request that finds the queue full gets 503 with
 * {@code Retry-After: 1} at once, written without blocking any thread. {@code /healthz} and
 * {@code /readyz} never wait behind feed requests. With {@link Builder#requestTimeout}, a feed
 * request's deadline counts from its arrival, its wait in the queue included. A connection
 * opened while {@link Builder#maxConnections} others are open gets 503 for each request until
 * enough others close (up to twice that many are accepted; beyond, the kernel's accept queue of
 * 1024 holds them, then refuses them). Every error is JSON, follows docs/CONTRACT.md's
 * table and never carries a stack trace or an internal name. TCP_NODELAY is on (without it, a
 * response written in two segments waits for the client's delayed ACK, about 40 ms per keep-alive
 * request). The server does not own the assembler: {@link #close()} leaves it open.
 */
public final class DemoServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final ThreadPoolExecutor executor;
    private final HeaderTimeouts headerTimeouts;
    private final String host;

    private DemoServer(Server server, ServerConnector connector, ThreadPoolExecutor executor,
            HeaderTimeouts headerTimeouts, String host) {
        this.server = server;
        this.connector = connector;
        this.executor = executor;
        this.headerTimeouts = headerTimeouts;
        this.host = host;
    }

    /**
     * Returns a builder for a server in front of {@code assembler}, which must have a writer.
     *
     * @param assembler the assembler that serves the pages; not closed by the server
     * @return a builder with the defaults: 127.0.0.1, port 8080, 8 threads, a queue of 256, and the
     *     limits and timeouts documented on each setter
     */
    public static Builder newBuilder(FeedAssembler assembler) {
        return new Builder(Objects.requireNonNull(assembler, "assembler"));
    }

    /** @return the port the server listens on, useful after asking for port 0 */
    public int port() {
        return connector.getLocalPort();
    }

    /** @return the server's base URI, such as {@code http://127.0.0.1:8080/} */
    public URI uri() {
        return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /** Stops accepting, gives exchanges in progress up to one second, and stops the threads. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            // Exchanges still open after the second: Jetty has closed their connections.
        } catch (Exception e) {
            throw new IllegalStateException("the demo server did not stop cleanly", e);
        } finally {
            headerTimeouts.close();
            executor.shutdown();
            try {
                executor.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    ThreadPoolExecutor executor() {
        return executor;
    }

    ServerConnector connector() {
        return connector;
    }

    /**
     * Runs the demo on generated in-memory data until the process is stopped; see
     * {@code bin/demo --help} for the flags. Exits with 2 on a bad flag, 1 if it cannot start.
     *
     * @param args the flags
     */
    public static void main(String[] args) {
        int status = DemoMain.run(args, System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Builds and starts a {@link DemoServer}. Each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private final FeedAssembler assembler;
        private String host = "127.0.0.1";
        private int port = 8080;
        private int threads = 8;
        private int queue = 256;
        private int maxHeaderBytes = 8192;
        private int maxHeaders = 100;
        private int maxUriLength = 4096;
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration bodyTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int maxConnections = 256;
        private Duration requestTimeout;
        private Duration maxQueueWait;
        private Readiness readiness;
        private final Map<String, Route> extraRoutes = new LinkedHashMap<>();

        private Builder(FeedAssembler assembler) {
            this.assembler = assembler;
        }

        /**
         * Sets the address to bind. Default {@code 127.0.0.1}; {@code 0.0.0.0} serves every interface.
         *
         * @param host a host name or address
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Sets the port. Default 8080.
         *
         * @param port 0..65535; 0 picks a free port, see {@link DemoServer#port()}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder port(int port) {
            this.port = range("port", port, 0, 65535);
            return this;
        }

        /**
         * Sets the number of request threads. Default 8.
         *
         * @param threads 1..256
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder threads(int threads) {
            this.threads = range("threads", threads, 1, 256);
            return this;
        }

        /**
         * Sets how many requests may wait for a thread; beyond it they get 503. Default 256.
         *
         * @param queue 1..65536
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder queue(int queue) {
            this.queue = range("queue", queue, 1, 65536);
            return this;
        }

        /**
         * Sets the most bytes of request line and headers together; beyond it, 431 (or 414 when the
         * request line alone is over). Default 8192.
         *
         * @param bytes 1024..1048576
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxHeaderBytes(int bytes) {
            this.maxHeaderBytes = range("maxHeaderBytes", bytes, 1024, 1 << 20);
            return this;
        }

        /**
         * Sets the most header fields of a request; beyond it, 431. Default 100.
         *
         * @param count 1..10000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxHeaders(int count) {
            this.maxHeaders = range("maxHeaders", count, 1, 10_000);
            return this;
        }

        /**
         * Sets the most characters of path and query together; beyond it, 414. Default 4096. A
         * request line over {@link #maxHeaderBytes} is a 414 too, whatever this says.
         *
         * @param chars 64..1048576
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxUriLength(int chars) {
            this.maxUriLength = range("maxUriLength", chars, 64, 1 << 20);
            return this;
        }

        /**
         * Sets how long a request's headers may take from their first byte to their last; a
         * connection still inside its headers then is closed. Default 10 s.
         *
         * @param timeout 100 ms..5 min
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = duration("headerTimeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(5));
            return this;
        }

        /**
         * Sets how long a request body may take to arrive once the headers are in; then the
         * answer is 408 and the connection is closed. Default 10 s.
         *
         * @param timeout 100 ms..5 min
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder bodyTimeout(Duration timeout) {
            this.bodyTimeout = duration("bodyTimeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(5));
            return this;
        }

        /**
         * Sets how long a connection may send and receive nothing before it is closed, between
         * requests or while a client does not read its response. Default 30 s.
         *
         * @param timeout 100 ms..1 h
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = duration("idleTimeout", timeout, Duration.ofMillis(100), Duration.ofHours(1));
            return this;
        }

        /**
         * Sets how many connections are served at once; a connection opened while this many are
         * open gets 503 for each request until enough others close, and past twice this many the
         * server stops accepting until some close. Default 256.
         *
         * @param count 1..100000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxConnections(int count) {
            this.maxConnections = range("maxConnections", count, 1, 100_000);
            return this;
        }

        /**
         * Sets how long a feed request may take from its arrival, its wait for a pool thread
         * included: the page is assembled with the time left (FeedRequest.timeout), and a request
         * that waited it all gets 503 without being assembled. Default none: the assembler's own
         * timeout, counted from when the page starts (the demo's command line sets 1 s).
         *
         * @param timeout 10 ms..5 min
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = duration("requestTimeout", timeout, Duration.ofMillis(10), Duration.ofMinutes(5));
            return this;
        }

        /**
         * Sets how long the oldest queued request may have waited for a thread before new requests
         * get 503 at once instead of joining the queue: under overload the queue stays short in
         * time, not only in count. Default none: only the queue's size bounds it. The demo does
         * not set it: while a database stall holds every thread until the deadline, it sheds
         * requests that need no database (benchmarks/faults.sh with 250 ms: 7 cached viewers got
         * 503 while PostgreSQL was stopped or frozen), and the connection cap already answers an
         * overload fast.
         *
         * @param wait 1 ms..1 min
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxQueueWait(Duration wait) {
            this.maxQueueWait = duration("maxQueueWait", wait, Duration.ofMillis(1), Duration.ofMinutes(1));
            return this;
        }

        /** Sets what {@code /readyz} reports; default the assembler's {@code health()} alone. */
        Builder readiness(Readiness readiness) {
            this.readiness = Objects.requireNonNull(readiness, "readiness");
            return this;
        }

        /**
         * Serves {@code path} (and paths below it) with {@code route}, for the write routes and the
         * load test's naive and static endpoints.
         */
        Builder route(String path, Route route) {
            extraRoutes.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(route, "route"));
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @return the running server
         * @throws UncheckedIOException if the port cannot be bound
         */
        public DemoServer start() {
            ThreadPoolExecutor executor = SheddingExecutor.create(threads, queue);
            HeaderTimeouts headerTimeouts = new HeaderTimeouts(headerTimeout);
            // Jetty's own threads parse, answer health and shed; they never run a feed request.
            QueuedThreadPool io = new QueuedThreadPool(32, 4);
            io.setName("feedkit-demo-io");
            Server server = new Server(io);
            HttpConfiguration http = new HttpConfiguration();
            http.setRequestHeaderSize(maxHeaderBytes);
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            connector.setAcceptQueueSize(1024);
            connector.setIdleTimeout(idleTimeout.toMillis());
            connector.setAcceptedTcpNoDelay(true);
            connector.addEventListener(headerTimeouts);
            ConnectionCap cap = new ConnectionCap(maxConnections);
            connector.addEventListener(cap);
            server.addConnector(connector);
            server.addBean(new NetworkConnectionLimit((int) Math.min(Integer.MAX_VALUE, 2L * maxConnections), connector));
            server.setErrorHandler(new JsonErrors());
            server.setHandler(new Routes(assembler, executor, extraRoutes,
                    readiness != null ? readiness : Readiness.of(assembler, null, List.of()), cap,
                    new Routes.Limits(maxHeaders, maxUriLength, bodyTimeout, threads, queue, requestTimeout,
                            maxQueueWait)));
            server.setStopTimeout(1000);
            try {
                server.start();
                return new DemoServer(server, connector, executor, headerTimeouts, address(host));
            } catch (Exception e) {
                stopQuietly(server);
                headerTimeouts.close();
                executor.shutdown();
                if (e instanceof IOException) {
                    throw new UncheckedIOException("cannot listen on " + host + ":" + port
                            + "; pick another with --port", (IOException) e);
                }
                throw new IllegalStateException("the demo server did not start: " + e, e);
            }
        }

        private static String address(String host) {
            try {
                return InetAddress.getByName(host).getHostAddress();
            } catch (UnknownHostException e) {
                return host;
            }
        }

        private static void stopQuietly(Server server) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start failure is the one to report
            }
        }

        private static Duration duration(String name, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }

        private static int range(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }
}
