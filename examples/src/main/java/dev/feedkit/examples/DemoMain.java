package dev.feedkit.examples;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedException;
import dev.feedkit.Scorer;
import dev.feedkit.json.JsonFeedWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's command line: parses the options, builds the backend, the assembler and the server
 * (feed, write routes and the feed page at {@code /}), prints where to point {@code curl} and a
 * browser, and closes everything on shutdown (Ctrl-C).
 */
final class DemoMain {
    private static final Logger log = LoggerFactory.getLogger(DemoMain.class);
    /**
     * The demo's ranked feeds ({@code ?mode=ranked}): the default recency-and-affinity score plus
     * {@code 0.1 * ln(1 + likes + 2 * replies)}, so that engagement shows in the order. The demo has
     * no affinity data, so affinity is 0 for everyone (a host plugs its own AffinitySource in).
     */
    static final Scorer DEMO_SCORER = f -> Scorer.DEFAULT.score(f) + 0.1 * Math.log1p(f.likes() + 2.0 * f.replies());
    /** A feed request's deadline, counted from its arrival: the assembler's default timeout. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    private DemoMain() {
    }

    /** A started demo: the server, the assembler behind it and the backend behind that. */
    record Running(DemoServer server, FeedAssembler assembler, DemoBackend.Backend backend) implements AutoCloseable {

        /** @return the URL of the sample viewer's first page */
        URI sampleUrl() {
            return server.uri().resolve(Routes.FEED + "?viewer=" + backend.sampleViewer());
        }

        /** @return the URL of the feed page, which opens on the sample viewer */
        URI pageUrl() {
            return server.uri();
        }

        /** Stops the server, then the assembler, then the backend. */
        @Override
        public void close() {
            server.close();
            assembler.close();
            backend.close();
        }
    }

    /**
     * Starts the demo and returns 0 while it keeps serving on its own threads, or returns the exit
     * status of a bad command line (2) or a failed start (1).
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("feedkit demo: " + e.getMessage());
            return 2;
        }
        if (options.help) {
            out.println(DemoOptions.USAGE);
            return 0;
        }
        try {
            Running running = start(options);
            Runtime.getRuntime().addShutdownHook(new Thread(running::close, "feedkit-demo-stop"));
            out.println("feedkit demo listening on " + running.sampleUrl() + " (" + running.backend().description() + ")");
            out.println("feed page: " + running.pageUrl() + " (open it in a browser)");
            out.flush();
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | FeedException e) {
            // A bad flag, an unreachable database or Redis: say what, without a stack trace.
            err.println("feedkit demo: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Generates or connects the backend, builds the assembler and starts the server.
     *
     * @throws IllegalArgumentException if the data sizes disagree (too many follows for the users)
     * @throws UncheckedIOException if the port cannot be bound
     */
    static Running start(DemoOptions options) {
        long begin = System.nanoTime();
        DemoBackend.Backend backend = DemoBackend.choose(options);
        FeedAssembler assembler;
        try {
            assembler = cursorKeys(backend.configure(FeedAssembler.newBuilder()), options)
                    .writer(JsonFeedWriter.create())
                    .scorer(DEMO_SCORER)
                    .build();
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        try {
            WriteRoutes writes = new WriteRoutes(assembler, backend.writes());
            PageRoutes pages = new PageRoutes(backend.sampleViewer());
            DemoServer server = DemoServer.newBuilder(assembler).host(options.host).port(options.port)
                    .threads(options.threads).queue(options.queue).maxConnections(options.maxConnections)
                    .requestTimeout(REQUEST_TIMEOUT)
                    .readiness(Readiness.of(assembler, backend.store(), backend.tiers()))
                    .route(WriteRoutes.POSTS, writes)
                    .route(WriteRoutes.FOLLOWS, writes).route(WriteRoutes.BLOCKS, writes)
                    .route(WriteRoutes.MUTES, writes)
                    .route(PageRoutes.PAGE, pages).route(PageRoutes.STATIC, pages).start();
            log.info("ready in {} ms", (System.nanoTime() - begin) / 1_000_000);
            return new Running(server, assembler, backend);
        } catch (RuntimeException e) {
            assembler.close();
            backend.close();
            throw e;
        }
    }

    /** Sets the cursor keys of {@code --cursor-key} and {@code --previous-cursor-key}, when given. */
    private static FeedAssembler.Builder cursorKeys(FeedAssembler.Builder b, DemoOptions options) {
        if (options.cursorKey == null) {
            log.warn("no --cursor-key (FEEDKIT_CURSOR_KEY): cursors stop working when the demo restarts");
        } else {
            b.cursorKey(options.cursorKeyId, options.cursorKey);
        }
        if (options.previousCursorKey != null) {
            b.previousCursorKey(options.previousCursorKeyId, options.previousCursorKey);
        }
        return b;
    }
}
