package dev.feedkit.spring;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A private {@code redis-server} on a free loopback port, for a test that kills it (never the
 * shared one). A shutdown hook kills it if the test does not.
 */
final class PrivateRedis implements AutoCloseable {
    private static final String BINARY = "/usr/bin/redis-server";

    private final int port;
    private final Process process;
    private final Thread hook;

    private PrivateRedis(int port, Process process) {
        this.port = port;
        this.process = process;
        this.hook = new Thread(this::kill, "redis-server-" + port + "-killer");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts one, or skips (fails under feedkit.requireServices or CI=true) without the binary. */
    static PrivateRedis start() throws IOException {
        if (!new File(BINARY).canExecute()) {
            String why = BINARY + " not found; this test starts and kills a private Redis";
            if (Boolean.getBoolean("feedkit.requireServices") || "true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("feedkit-spring-redis");
        Process p = new ProcessBuilder(List.of(BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        PrivateRedis redis = new PrivateRedis(port, p);
        redis.awaitListening(Duration.ofSeconds(10));
        return redis;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    void kill() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
        kill();
        throw new IOException("redis-server did not listen on port " + port + " within " + max);
    }
}
