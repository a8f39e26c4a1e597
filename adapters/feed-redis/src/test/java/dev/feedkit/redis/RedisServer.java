package dev.feedkit.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A private {@code redis-server} on a free loopback port, started and stopped by a test. A JVM
 * shutdown hook kills it if the test forgets or the JVM dies early.
 */
final class RedisServer implements AutoCloseable {
    static final String BINARY = "/usr/bin/redis-server";

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final Thread hook;
    private Process process;

    private RedisServer(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
        this.hook = new Thread(this::kill, "redis-server-" + port + "-killer");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts a standalone server, or skips (fails under feedkit.requireServices) without the binary. */
    static RedisServer start(String... extraArgs) {
        requireBinary();
        try {
            RedisServer s = new RedisServer(freePort(), Files.createTempDirectory("feedkit-redis"), List.of(extraArgs));
            s.restart();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
    }

    static void requireBinary() {
        if (new File(BINARY).canExecute()) {
            return;
        }
        String why = BINARY + " not found; the tests that start private Redis servers need it";
        if (Services.requireServices()) {
            fail(why);
        }
        Assumptions.abort(why);
    }

    int port() {
        return port;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    Path dir() {
        return dir;
    }

    /** (Re)starts the server on the same port and waits until it accepts connections. */
    void restart() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + System.nanoTime() + ".log").toFile()).start();
        awaitListening(Duration.ofSeconds(10));
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    void kill() {
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
    void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Thaws a frozen server (SIGCONT). */
    void thaw() throws IOException, InterruptedException {
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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---------------------------------------------------------------- commandstats

    /** Resets INFO commandstats on the server at {@code uri}. */
    static void resetStats(RedisClient client, RedisURI uri) {
        try (StatefulRedisConnection<String, String> c = client.connect(uri)) {
            c.sync().configResetstat();
        }
    }

    /** Returns calls per command (lower case) from INFO commandstats of the server at {@code uri}. */
    static Map<String, Long> commandCalls(RedisClient client, RedisURI uri) {
        try (StatefulRedisConnection<String, String> c = client.connect(uri)) {
            return parseCalls(c.sync().info("commandstats"));
        }
    }

    static Map<String, Long> parseCalls(String info) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                String rest = line.substring(line.indexOf("calls=") + 6);
                calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
            }
        }
        return calls;
    }
}
