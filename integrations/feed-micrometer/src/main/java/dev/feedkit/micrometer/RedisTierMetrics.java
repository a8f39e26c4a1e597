package dev.feedkit.micrometer;

import dev.feedkit.redis.RedisCacheTier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for a feed-redis {@link RedisCacheTier}, the L2: a {@link MeterBinder}.
 *
 * <pre>{@code
 * new RedisTierMetrics(redis).bindTo(registry);
 * }</pre>
 *
 * <p>Meters: {@code cache.gets{cache=feedkit.l2,result=hit|miss}} (a miss includes keys skipped
 * while the circuit was open) and {@code cache.puts} (entries written; Redis expires entries by
 * itself, so there is no eviction count or size); {@code feedkit.l2.dropped} (entries not
 * written); {@code feedkit.circuit.open{circuit=l2}} and {@code feedkit.circuit.opened};
 * {@code feedkit.l2.invalidations{result=sent|received|retried|lost}} (pub/sub; {@code retried}
 * are sent ones that failed at first) and the gauge {@code feedkit.l2.invalidations.pending}.
 */
public final class RedisTierMetrics implements MeterBinder {
    private final RedisCacheTier tier;
    private final Tags tags;

    /**
     * Creates the binder.
     *
     * @param tier the L2
     */
    public RedisTierMetrics(RedisCacheTier tier) {
        this(tier, Tags.empty());
    }

    /**
     * Creates the binder with extra tags on every meter.
     *
     * @param tier the L2
     * @param tags extra tags
     */
    public RedisTierMetrics(RedisCacheTier tier, Iterable<Tag> tags) {
        this.tier = Objects.requireNonNull(tier, "tier");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * Registers the meters; they read {@link RedisCacheTier#stats()} when scraped.
     *
     * @param registry where the meters go
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        new L2Meters(tier, tags).bindTo(registry);
        counter(registry, "feedkit.l2.dropped", s -> s.stats().dropped(),
                "Entries not written to Redis: queue full, circuit open, write failed or too old", tags);
        Tags l2 = tags.and("circuit", "l2");
        Gauge.builder("feedkit.circuit.open", tier, s -> s.stats().circuitOpen() ? 1 : 0).tags(l2)
                .description("1 while the circuit breaker is open").register(registry);
        counter(registry, "feedkit.circuit.opened", s -> s.stats().circuitOpened(), "Times the breaker opened", l2);
        invalidations(registry, "sent", s -> s.stats().invalidationsSent(), "Invalidations published");
        invalidations(registry, "received", s -> s.stats().invalidationsReceived(),
                "Invalidations received from other processes");
        invalidations(registry, "retried", s -> s.stats().invalidationsRetried(),
                "Invalidations published on a retry after a failure");
        invalidations(registry, "lost", s -> s.stats().invalidationsLost(),
                "Invalidations given up because the retry list was full");
        Gauge.builder("feedkit.l2.invalidations.pending", tier, s -> s.stats().invalidationsPending()).tags(tags)
                .description("Invalidations waiting to be sent again").register(registry);
    }

    private void invalidations(MeterRegistry registry, String result, ToDoubleFunction<RedisCacheTier> f,
            String description) {
        counter(registry, "feedkit.l2.invalidations", f, description, tags.and("result", result));
    }

    private void counter(MeterRegistry registry, String name, ToDoubleFunction<RedisCacheTier> f, String description,
            Tags t) {
        FunctionCounter.builder(name, tier, f).tags(t).description(description).register(registry);
    }

    /** The L2 in Micrometer's cache conventions. */
    private static final class L2Meters extends CacheMeterBinder<RedisCacheTier> {
        L2Meters(RedisCacheTier tier, Tags tags) {
            super(tier, "feedkit.l2", tags);
        }

        @Override
        protected Long size() {
            return null;
        }

        @Override
        protected long hitCount() {
            RedisCacheTier t = getCache();
            return t == null ? 0 : t.stats().hits();
        }

        @Override
        protected Long missCount() {
            RedisCacheTier t = getCache();
            if (t == null) {
                return null;
            }
            RedisCacheTier.Stats s = t.stats();
            return s.misses() + s.skipped();
        }

        @Override
        protected Long evictionCount() {
            return null;
        }

        @Override
        protected long putCount() {
            RedisCacheTier t = getCache();
            return t == null ? 0 : t.stats().written();
        }

        @Override
        protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
        }
    }
}
