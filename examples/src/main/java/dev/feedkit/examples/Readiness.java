package dev.feedkit.examples;

import dev.feedkit.CacheTier;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.redis.RedisCacheTier;
import dev.feedkit.testkit.InMemoryFeedStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;

/*
 * What /readyz reports, from the library's own counters (FeedAssembler.health() and
 * RedisCacheTier.stats()), which never wait, so /readyz answers at once on the Jetty thread even
 * while every feed request is stuck on a frozen database:
 *   store: "up", or "circuit_open" while the assembler's store circuit breaker is open (the
 *          database failed its last calls; cached pages are still served, misses fail at once),
 *          or "in_memory" for the in-memory store, which cannot fail;
 *   l2:    "up", or "circuit_open" while the Redis tier's circuit breaker is open (L2 misses then
 *          go to the store: degraded, still ready), or "none" without Redis.
 * Ready means the store's breaker is closed. The breaker learns of an outage from traffic: an idle
 * server with a stopped database stays "up" until its first calls fail (5 in a row, by default).
 */

/** The demo's readiness: the store's and the L2 tier's state, as {@code /readyz} reports them. */
final class Readiness {
    private final FeedAssembler assembler;
    private final boolean inMemory;
    private final BooleanSupplier l2Open;

    private Readiness(FeedAssembler assembler, boolean inMemory, BooleanSupplier l2Open) {
        this.assembler = assembler;
        this.inMemory = inMemory;
        this.l2Open = l2Open;
    }

    /**
     * Returns the readiness of {@code assembler}, built on {@code store} (null if unknown) and
     * {@code tiers}.
     */
    static Readiness of(FeedAssembler assembler, EntityStore store, List<CacheTier> tiers) {
        BooleanSupplier open = null;
        for (CacheTier tier : tiers) {
            if (tier instanceof RedisCacheTier) {
                RedisCacheTier redis = (RedisCacheTier) tier;
                open = () -> redis.stats().circuitOpen();
            }
        }
        return new Readiness(assembler, store instanceof InMemoryFeedStore, open);
    }

    /** A report: whether the server is ready, and the JSON body that says why. */
    record Report(boolean ready, byte[] json) {
    }

    /** @return the current state; reads counters only */
    Report report() {
        boolean storeUp = assembler.health().storeAvailable();
        String store = inMemory ? "in_memory" : storeUp ? "up" : "circuit_open";
        String l2 = l2Open == null ? "none" : l2Open.getAsBoolean() ? "circuit_open" : "up";
        boolean ready = storeUp || inMemory;
        String json = "{\"status\":\"" + (ready ? "ready" : "not_ready") + "\",\"store\":\"" + store
                + "\",\"l2\":\"" + l2 + "\"}";
        return new Report(ready, json.getBytes(StandardCharsets.UTF_8));
    }
}
