package dev.feedkit.examples;

import dev.feedkit.FeedAssembler;
import dev.feedkit.json.JsonFeedWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's command line: parses the options, builds the backend, the assembler and the server,
 * prints where to point {@code curl}, and closes everything on shutdown (Ctrl-C).
 */
final class DemoMain {
    private static final Logger log = LoggerFactory.getLogger(DemoMain.class);

    private DemoMain() {
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
            start(options, out);
            return 0;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("feedkit demo: " + e.getMessage());
            return 1;
        }
    }

    private static void start(DemoOptions options, PrintStream out) {
        if (options.pgUrl != null || options.redisUrl != null) {
            log.info("PostgreSQL and Redis are not wired into this demo yet; serving generated in-memory data");
        }
        long begin = System.nanoTime();
        DemoBackend.Backend backend = DemoBackend.choose(options);
        FeedAssembler assembler = backend.configure(FeedAssembler.newBuilder())
                .writer(JsonFeedWriter.create())
                .build();
        DemoServer server = startServer(options, assembler, backend);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, assembler, backend), "feedkit-demo-stop"));
        log.info("ready in {} ms", (System.nanoTime() - begin) / 1_000_000);
        out.println("feedkit demo listening on " + server.uri().resolve(Routes.FEED + "?viewer=" + backend.sampleViewer())
                + " (" + backend.description() + ")");
        out.flush();
    }

    private static DemoServer startServer(DemoOptions options, FeedAssembler assembler, DemoBackend.Backend backend) {
        try {
            return DemoServer.newBuilder(assembler).host(options.host).port(options.port)
                    .threads(options.threads).queue(options.queue).start();
        } catch (RuntimeException e) {
            stop(null, assembler, backend);
            throw e;
        }
    }

    private static void stop(DemoServer server, FeedAssembler assembler, DemoBackend.Backend backend) {
        if (server != null) {
            server.close();
        }
        assembler.close();
        try {
            backend.close();
        } catch (RuntimeException e) {
            log.warn("closing the backend failed", e);
        }
    }
}
