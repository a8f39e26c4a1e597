package dev.feedkit.examples;

import com.sun.net.httpserver.HttpServer;
import dev.feedkit.FeedAssembler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The feedkit demo HTTP server: {@code GET /api/v1/feed?viewer=..&cursor=..&limit=..} streams a
 * page of a viewer's home feed as JSON, {@code GET /healthz} answers {@code {"status":"ok"}}.
 *
 * <p>Run it with {@code bin/demo} (see {@link #main}), or embed it around any assembler:
 * <pre>{@code
 * try (DemoServer server = DemoServer.newBuilder(assembler).port(0).start()) {
 *     URI feed = server.uri().resolve("/api/v1/feed?viewer=42");
 * }
 * }</pre>
 *
 * <p>It runs on the JDK's {@code HttpServer} with TCP_NODELAY on (without it, a response written
 * in two segments waits for the client's delayed ACK, about 40 ms per keep-alive request) and a
 * fixed pool with a bounded queue: a request that finds the queue full gets 503 with
 * {@code Retry-After: 1} instead of waiting without bound. Errors follow docs/CONTRACT.md's table and never
 * carry a stack trace. The server does not own the assembler: {@link #close()} leaves it open.
 */
public final class DemoServer implements AutoCloseable {
    static {
        // Read once, when the JDK server's configuration class loads: it must be set before.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private DemoServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Returns a builder for a server in front of {@code assembler}, which must have a writer.
     *
     * @param assembler the assembler that serves the pages; not closed by the server
     * @return a builder with the defaults: 127.0.0.1, port 8080, 8 threads, a queue of 256
     */
    public static Builder newBuilder(FeedAssembler assembler) {
        return new Builder(Objects.requireNonNull(assembler, "assembler"));
    }

    /** @return the port the server listens on, useful after asking for port 0 */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the server's base URI, such as {@code http://127.0.0.1:8080/} */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /** Stops accepting, gives exchanges in progress up to one second, and stops the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ThreadPoolExecutor executor() {
        return executor;
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
        private final java.util.Map<String, com.sun.net.httpserver.HttpHandler> extraRoutes =
                new java.util.LinkedHashMap<>();

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
         * Serves {@code path} (and paths below it) with {@code handler} on the same threads, for the
         * load test's naive and static endpoints.
         */
        Builder route(String path, com.sun.net.httpserver.HttpHandler handler) {
            extraRoutes.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(handler, "handler"));
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
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
                server.createContext("/", new Routes(assembler, threads, queue));
                extraRoutes.forEach(server::createContext);
                server.setExecutor(executor);
                server.start();
                return new DemoServer(server, executor);
            } catch (IOException e) {
                executor.shutdown();
                throw new UncheckedIOException("cannot listen on " + host + ":" + port + "; pick another with --port", e);
            }
        }

        private static int range(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }
}
