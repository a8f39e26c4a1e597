package dev.feedkit.examples;

import dev.feedkit.CacheTier;
import dev.feedkit.EntityStore;
import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.redis.RedisCacheTier;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * What /readyz reports, from what the demo can check cheaply (the library has no health API yet):
 *   store: "up" when a SELECT 1 with a 1 s query timeout answers, "down" when it fails, "timeout"
 *          when it has not answered within 300 ms (the probe goes on, on its own thread);
 *          "in_memory" for the in-memory store, which cannot fail;
 *   l2:    "up", or "circuit_open" while the Redis tier's circuit breaker is open (L2 misses then
 *          go to the store: degraded, still ready), or "none" without Redis.
 * Ready means the store answers. One probe at a time on one daemon thread, its result reused for a
 * second: a flood of /readyz costs one query a second, and never more than 300 ms of a Jetty thread.
 */

/** The demo's readiness: the store's and the L2 tier's state, as {@code /readyz} reports them. */
final class Readiness implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Readiness.class);
    private static final long WAIT_MS = 300;
    private static final long REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DataSource store;
    private final BooleanSupplier l2Open;
    private final ExecutorService prober;
    private final RateLimitedLog downLog = new RateLimitedLog(log, TimeUnit.SECONDS.toNanos(10), System::nanoTime);
    private CompletableFuture<String> probe;
    private long probedAt;

    private Readiness(DataSource store, BooleanSupplier l2Open) {
        this.store = store;
        this.l2Open = l2Open;
        this.prober = store == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "feedkit-demo-readiness");
            t.setDaemon(true);
            return t;
        });
    }

    /** Returns the readiness of an assembler built on {@code store} and {@code tiers}, with a first probe started. */
    static Readiness of(EntityStore store, List<CacheTier> tiers) {
        DataSource ds = store instanceof JdbcFeedStore ? ((JdbcFeedStore) store).dataSource() : null;
        BooleanSupplier open = null;
        for (CacheTier tier : tiers) {
            if (tier instanceof RedisCacheTier) {
                RedisCacheTier redis = (RedisCacheTier) tier;
                open = () -> redis.stats().circuitOpen();
            }
        }
        Readiness r = new Readiness(ds, open);
        if (ds != null) {
            r.currentProbe();
        }
        return r;
    }

    /** @return the readiness of a server with nothing to check: always ready */
    static Readiness none() {
        return new Readiness(null, null);
    }

    /** A report: whether the server is ready, and the JSON body that says why. */
    record Report(boolean ready, byte[] json) {
    }

    /** @return the current state, waiting at most 300 ms for a store probe */
    Report report() {
        String storeState = store == null ? "in_memory" : storeState();
        String l2 = l2Open == null ? "none" : l2Open.getAsBoolean() ? "circuit_open" : "up";
        boolean ready = storeState.equals("up") || storeState.equals("in_memory");
        String json = "{\"status\":\"" + (ready ? "ready" : "not_ready") + "\",\"store\":\"" + storeState
                + "\",\"l2\":\"" + l2 + "\"}";
        return new Report(ready, json.getBytes(StandardCharsets.UTF_8));
    }

    private String storeState() {
        CompletableFuture<String> p = currentProbe();
        try {
            return p.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "timeout";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "timeout";
        } catch (ExecutionException e) {
            return "down";
        }
    }

    /** Starts a probe unless one ran less than a second ago; the first starts with the server. */
    synchronized CompletableFuture<String> currentProbe() {
        long now = System.nanoTime();
        if (probe == null || (probe.isDone() && now - probedAt > REUSE_NANOS)) {
            probedAt = now;
            probe = CompletableFuture.supplyAsync(this::selectOne, prober);
        }
        return probe;
    }

    private String selectOne() {
        try (Connection c = store.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            s.execute("SELECT 1");
            return "up";
        } catch (SQLException | RuntimeException e) {
            downLog.warn("readiness probe: the store did not answer SELECT 1", e.toString());
            return "down";
        }
    }

    /** Stops the probe thread. */
    @Override
    public void close() {
        if (prober != null) {
            prober.shutdownNow();
        }
    }
}
