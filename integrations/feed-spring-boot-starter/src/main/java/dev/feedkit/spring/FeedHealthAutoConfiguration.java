package dev.feedkit.spring;

import dev.feedkit.CacheTier;
import dev.feedkit.FeedAssembler;
import dev.feedkit.redis.RedisCacheTier;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The {@code feedkit} health indicator ({@link FeedHealthIndicator}), when spring-boot-health is
 * on the classpath, there is a {@link FeedAssembler}, and {@code management.health.feedkit.enabled}
 * is not false.
 */
@AutoConfiguration(after = FeedAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(FeedAssembler.class)
@ConditionalOnEnabledHealthIndicator("feedkit")
public class FeedHealthAutoConfiguration {
    private static final boolean REDIS = ClassUtils.isPresent("dev.feedkit.redis.RedisCacheTier",
            FeedHealthAutoConfiguration.class.getClassLoader());

    /**
     * Returns the indicator, named {@code feedkit} in the health endpoint.
     *
     * @param feeds the assembler
     * @param tiers the shared tiers, whose circuit breakers it reports
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "feedkitHealthIndicator")
    public FeedHealthIndicator feedkitHealthIndicator(FeedAssembler feeds, ObjectProvider<CacheTier> tiers) {
        List<BooleanSupplier> circuits = tiers.orderedStream().map(FeedHealthAutoConfiguration::circuit)
                .filter(Objects::nonNull).toList();
        return new FeedHealthIndicator(feeds, circuits);
    }

    /** The tier's "circuit open" flag if feedkit knows how to read it, else null. */
    private static BooleanSupplier circuit(CacheTier tier) {
        return REDIS ? RedisCircuit.of(tier) : null;
    }

    /** Loaded only when feed-redis is present, so this class never needs it. */
    private static final class RedisCircuit {
        static BooleanSupplier of(CacheTier tier) {
            return tier instanceof RedisCacheTier r ? () -> r.stats().circuitOpen() : null;
        }
    }
}
