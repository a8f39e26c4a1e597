package dev.feedkit.spring;

import dev.feedkit.CacheTier;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedListener;
import dev.feedkit.FeedSource;
import dev.feedkit.FeedWriter;
import dev.feedkit.Ranker;
import dev.feedkit.TimelineStore;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link FeedAssembler} bean, built from {@code feedkit.*} properties ({@link FeedProperties})
 * and the beans the application (or the other feedkit autoconfigurations) defines: one
 * {@link FeedSource} and one {@link EntityStore} (feed-jdbc's store is both), every
 * {@link CacheTier} (the Redis L2) in order, a {@link FeedWriter}, a {@link Ranker}, every
 * {@link FeedListener}, a {@link TimelineStore}, then every {@link FeedAssemblerCustomizer}.
 * Without a source and a store it does nothing. An application that defines its own
 * {@code FeedAssembler} bean replaces this one.
 */
@AutoConfiguration(after = {FeedJdbcAutoConfiguration.class, FeedRedisAutoConfiguration.class,
        FeedJsonAutoConfiguration.class})
@ConditionalOnProperty(prefix = FeedProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean({FeedSource.class, EntityStore.class})
@EnableConfigurationProperties(FeedProperties.class)
public class FeedAutoConfiguration {

    /**
     * Returns the assembler; the context closes it (its pools) on shutdown.
     *
     * @param properties the bound properties
     * @param source the candidate source
     * @param store the entity store
     * @param tiers cache tiers after L1
     * @param writer the writer, if any
     * @param ranker the ranker, if any
     * @param listeners page listeners
     * @param timelineStore the timeline store, if any
     * @param customizers last adjustments of the builder
     * @return the assembler
     * @throws IllegalStateException if a tier is configured without {@code feedkit.cursor.key}
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public FeedAssembler feedAssembler(FeedProperties properties, FeedSource source, EntityStore store,
            ObjectProvider<CacheTier> tiers, ObjectProvider<FeedWriter> writer, ObjectProvider<Ranker> ranker,
            ObjectProvider<FeedListener> listeners, ObjectProvider<TimelineStore> timelineStore,
            ObjectProvider<FeedAssemblerCustomizer> customizers) {
        FeedAssembler.Builder b = FeedAssembler.newBuilder().source(source).store(store);
        List<CacheTier> shared = tiers.orderedStream().toList();
        if (!shared.isEmpty() && properties.getCursor().getKey() == null) {
            throw new IllegalStateException("feedkit.cursor.key must be set with a shared L2 (" + shared.get(0)
                    + "): every instance signs cursors with the same secret, Base64 of at least 16 bytes");
        }
        shared.forEach(b::tier);
        writer.ifAvailable(b::writer);
        ranker.ifAvailable(b::ranker);
        listeners.orderedStream().forEach(b::listener);
        timelineStore.ifAvailable(b::timelineStore);
        apply(properties, b);
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    /** Sets every property on the builder; unset optional ones leave the library's default. */
    static void apply(FeedProperties p, FeedAssembler.Builder b) {
        FeedProperties.L1 l1 = p.getL1();
        b.l1MaximumWeight(l1.getMaximumWeight().toBytes())
                .entityTtl(l1.getEntityTtl())
                .relationshipTtl(l1.getRelationshipTtl())
                .negativeTtl(l1.getNegativeTtl())
                .timeout(p.getTimeout())
                .candidateTtl(p.getCandidateTtl())
                .staleCandidates(p.getStaleCandidates().getTtl(), p.getStaleCandidates().getMaximumSize().toBytes())
                .prewarm(p.getPrewarm().isEnabled())
                .prewarmPool(p.getPrewarm().getThreads(), p.getPrewarm().getQueue())
                .prewarmMaxTtlMultiplier(p.getPrewarm().getMaxTtlMultiplier())
                .storeCircuitBreaker(p.getStore().getBreakerFailures(), p.getStore().getBreakerCoolDown());
        FeedProperties.Async async = p.getAsync();
        if (async.getThreads() != null || async.getQueue() != null) {
            b.asyncPool(or(async.getThreads(), Math.max(2, Runtime.getRuntime().availableProcessors())),
                    or(async.getQueue(), 1024));
        }
        if (p.getScratchPoolSize() != null) {
            b.scratchPoolSize(p.getScratchPoolSize());
        }
        applyCursor(p.getCursor(), b);
        applyTimelines(p.getTimelines(), b);
    }

    private static void applyCursor(FeedProperties.Cursor c, FeedAssembler.Builder b) {
        if (c.getKey() == null) {
            return;
        }
        b.cursorKey(c.getKeyId(), FeedProperties.decodeKey(c.getKey()));
        for (Map.Entry<Integer, String> e : c.getPreviousKeys().entrySet()) {
            b.previousCursorKey(e.getKey(), FeedProperties.decodeKey(e.getValue()));
        }
    }

    private static void applyTimelines(FeedProperties.Timelines t, FeedAssembler.Builder b) {
        b.timelines(t.isEnabled());
        if (t.getPullThreshold() != null) {
            b.pullThreshold(t.getPullThreshold());
        }
        FeedProperties.FanOut f = t.getFanOut();
        if (f.getThreads() != null || f.getQueue() != null) {
            b.fanOutPool(or(f.getThreads(), 2), or(f.getQueue(), 10_000));
        }
    }

    private static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }
}
