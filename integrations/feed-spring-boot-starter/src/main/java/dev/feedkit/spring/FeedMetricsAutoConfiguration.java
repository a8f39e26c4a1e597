package dev.feedkit.spring;

import dev.feedkit.FeedAssembler;
import dev.feedkit.micrometer.FeedkitMetrics;
import dev.feedkit.micrometer.RedisTierMetrics;
import dev.feedkit.redis.RedisCacheTier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer metrics of the assembler, when Micrometer and feedkit's {@code feed-micrometer} are
 * on the classpath: feed-micrometer's {@link FeedkitMetrics} is a {@code FeedListener} bean, which
 * {@link FeedAutoConfiguration} adds to the builder (so this runs before it), and once every
 * singleton exists it also monitors the assembler's own counters (L1, pre-warm pool, store breaker,
 * fan-out) and, with a Redis L2, the tier's ({@link RedisTierMetrics}).
 *
 * <p>The registry is the application's {@link MeterRegistry} bean (Boot's actuator makes one), or
 * Micrometer's global registry when there is none.
 */
@AutoConfiguration(before = FeedAutoConfiguration.class, after = FeedRedisAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, FeedkitMetrics.class})
public class FeedMetricsAutoConfiguration {

    /**
     * The listener that times each page's stages.
     *
     * @param registry the application's registry, if any
     * @return the metrics listener
     */
    @Bean
    @ConditionalOnMissingBean
    public FeedkitMetrics feedkitMetrics(ObjectProvider<MeterRegistry> registry) {
        return FeedkitMetrics.create(registry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    /**
     * Registers the assembler's own meters once it is built.
     *
     * @param metrics the listener above (or the host's own)
     * @param feeds the assembler, if one was built
     * @return the callback that registers them
     */
    @Bean
    public SmartInitializingSingleton feedkitAssemblerMeters(FeedkitMetrics metrics, ObjectProvider<FeedAssembler> feeds) {
        return () -> feeds.ifAvailable(metrics::monitor);
    }

    /** The Redis L2's meters, when feed-redis is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisCacheTier.class)
    static class RedisTier {
        /**
         * Binds the Redis tier's meters to the registry once the tier exists.
         *
         * @param tier the Redis L2, if configured
         * @param registry the application's registry, if any
         * @return the callback that binds them
         */
        @Bean
        SmartInitializingSingleton feedkitRedisTierMeters(ObjectProvider<RedisCacheTier> tier,
                ObjectProvider<MeterRegistry> registry) {
            return () -> tier.ifAvailable(t -> new RedisTierMetrics(t)
                    .bindTo(registry.getIfAvailable(() -> Metrics.globalRegistry)));
        }
    }
}
