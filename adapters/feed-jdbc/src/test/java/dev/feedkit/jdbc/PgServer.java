package dev.feedkit.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private PostgreSQL cluster (initdb into a temp dir, pg_ctl on a free loopback port) that a
 * test may stop, start, freeze (SIGSTOP to the postmaster and every backend) and thaw; never the
 * shared server. Run as root, its commands run as the {@code postgres} user (initdb refuses root).
 * A JVM shutdown hook stops it if the test forgets.
 */
final class PgServer implements AutoCloseable {
    private static final String BIN = findBin();

    private final int port;
    private final Path dir;
    private final Thread hook;
    private boolean frozen;

    private PgServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
        this.hook = new Thread(this::forceStop, "pg-" + port + "-stopper");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Creates and starts a cluster, or skips (fails under feedkit.requireServices) without the binaries. */
    static PgServer start() {
        if (BIN == null) {
            String why = "initdb and pg_ctl not found under /usr/lib/postgresql/*/bin";
            if (Boolean.getBoolean("feedkit.requireServices") || "true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        try {
            Path dir = Files.createTempDirectory("feedkit-pg");
            if ("root".equals(System.getProperty("user.name"))) {
                exec(List.of("chown", "postgres", dir.toString()));
            }
            PgServer pg = new PgServer(freePort(), dir);
            pg.run(BIN + "/initdb", "-D", pg.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
            pg.startAgain();
            return pg;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a private PostgreSQL", e);
        }
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    int port() {
        return port;
    }

    /** Starts the (stopped) cluster and waits until it accepts connections. */
    void startAgain() throws IOException {
        run(BIN + "/pg_ctl", "-D", data(), "-w", "-l", dir.resolve("log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40",
                "start");
    }

    /** Stops the cluster fast: backends end, the port refuses connections. */
    void stop() throws IOException {
        run(BIN + "/pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
    }

    /** Freezes the postmaster and every backend (SIGSTOP): connections stay open, nothing answers. */
    void freeze() throws IOException {
        signal("-STOP");
        frozen = true;
    }

    void thaw() throws IOException {
        signal("-CONT");
        frozen = false;
    }

    @Override
    public void close() {
        forceStop();
        Runtime.getRuntime().removeShutdownHook(hook);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temp dir left behind
        }
    }

    private void forceStop() {
        try {
            if (frozen) {
                thaw();
            }
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                stop();
            }
        } catch (IOException e) {
            // already stopped
        }
    }

    private void signal(String signal) throws IOException {
        List<String> pids = new ArrayList<>();
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim());
        pids.add(String.valueOf(postmaster));
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> pids.add(String.valueOf(d.pid()))));
        List<String> cmd = new ArrayList<>(List.of("kill", signal));
        cmd.addAll(pids);
        exec(cmd);
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void run(String... command) throws IOException {
        exec(asPostgres(command));
    }

    private static List<String> asPostgres(String... command) {
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static void exec(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(cmd + " exited with " + p.exitValue() + ": "
                    + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String findBin() {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions == null) {
            return null;
        }
        for (File v : versions) {
            if (new File(v, "bin/initdb").canExecute() && new File(v, "bin/pg_ctl").canExecute()) {
                return v.getPath() + "/bin";
            }
        }
        return null;
    }
}
