package dev.feedkit.spring;

import dev.feedkit.FeedAssembler;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports the assembler's view of its dependencies: the store circuit breaker (DOWN while it is
 * open: the database is failing and only cached pages are served) and the Redis L2's breaker
 * (still UP while it is open, since pages then come from PostgreSQL, with {@code l2: circuit open}).
 *
 * <p>It reads counters only, never a connection ({@link FeedAssembler#health()}), so the health
 * route answers at once while feed requests queue behind a failing database; Spring Boot's own
 * {@code db} and {@code redis} indicators, where present, probe the servers.
 */
public final class FeedHealthIndicator implements HealthIndicator {
    private final FeedAssembler feeds;
    private final List<BooleanSupplier> l2CircuitsOpen;

    /**
     * Creates the indicator.
     *
     * @param feeds the assembler
     * @param l2CircuitsOpen for each shared tier, whether its circuit breaker is open now
     */
    public FeedHealthIndicator(FeedAssembler feeds, List<BooleanSupplier> l2CircuitsOpen) {
        this.feeds = Objects.requireNonNull(feeds, "feeds");
        this.l2CircuitsOpen = List.copyOf(l2CircuitsOpen);
    }

    @Override
    public Health health() {
        FeedAssembler.Health h = feeds.health();
        Health.Builder b = h.storeAvailable() ? Health.up() : Health.down();
        b.withDetail("store", h.storeAvailable() ? "up" : "circuit open")
                .withDetail("storeCircuitOpened", h.storeCircuitOpened())
                .withDetail("storeCallsRejected", h.storeCallsRejected())
                .withDetail("staleCandidateBytes", h.staleCandidateBytes());
        if (!l2CircuitsOpen.isEmpty()) {
            boolean open = l2CircuitsOpen.stream().anyMatch(BooleanSupplier::getAsBoolean);
            b.withDetail("l2", open ? "circuit open" : "up");
        }
        FeedAssembler.PrewarmStats p = feeds.prewarmStats();
        b.withDetail("prewarmDropped", p.dropped()).withDetail("prewarmTtlMultiplier", p.ttlMultiplier());
        return b.build();
    }
}
