package dev.feedkit.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A private {@code redis-server} on a free loopback port, started, killed, frozen and stopped by a
 * test: for the tests that break a server, which must never touch the shared one. A JVM shutdown
 * hook kills it if the test forgets or the JVM dies early. Needs Debian's {@code redis-server}
 * at {@link #BINARY}: without it the test is skipped, or fails when services are required
 * ({@code -Dfeedkit.requireServices=true} or {@code CI=true}).
 */
public final class PrivateRedis implements AutoCloseable {
    /** The server binary this class starts. */
    public static final String BINARY = "/usr/bin/redis-server";

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final Thread hook;
    private Process process;

    private PrivateRedis(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
        this.hook = new Thread(this::kill, "redis-server-" + port + "-killer");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts a standalone server and waits until it accepts connections.
     *
     * @param extraArgs further {@code redis-server} arguments, e.g. {@code "--maxclients", "2"}
     * @return the running server
     */
    public static PrivateRedis start(String... extraArgs) {
        requireBinary();
        try {
            PrivateRedis s = new PrivateRedis(freePort(), Files.createTempDirectory("feedkit-redis"), List.of(extraArgs));
            s.restart();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
    }

    /** Skips the calling test (or fails it when services are required) without {@link #BINARY}. */
    public static void requireBinary() {
        if (new File(BINARY).canExecute()) {
            return;
        }
        String why = BINARY + " not found; the tests that start private Redis servers need it";
        if (Boolean.getBoolean("feedkit.requireServices") || "true".equals(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
    }

    /** @return the server's port */
    public int port() {
        return port;
    }

    /** @return its URI, {@code redis://127.0.0.1:<port>} */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** @return its working directory (its logs are there) */
    public Path dir() {
        return dir;
    }

    /** (Re)starts the server on the same port and waits until it accepts connections. */
    public void restart() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + System.nanoTime() + ".log").toFile()).start();
        awaitListening(Duration.ofSeconds(10));
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            try {
                thaw();
            } catch (IOException | InterruptedException | RuntimeException e) {
                // SIGKILL works on a stopped process too
            }
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Freezes the server (SIGSTOP): connections stay open and nothing is answered, as with a stalled host. */
    public void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Thaws a frozen server (SIGCONT). */
    public void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook runs anyway
        }
    }

    private void awaitListening(Duration max) throws IOException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server on port " + port + " exited with " + process.exitValue());
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                if (probe.isConnected()) {
                    return;
                }
            } catch (IOException e) {
                Thread.onSpinWait();
            }
        }
        throw new IOException("redis-server did not listen on port " + port + " within " + max);
    }

    /** @return a loopback port free at the time of the call */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
