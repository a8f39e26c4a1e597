package dev.feedkit.spring;

import dev.feedkit.CacheTier;
import dev.feedkit.TimelineStore;
import dev.feedkit.redis.RedisCacheTier;
import dev.feedkit.redis.RedisTimelines;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis L2 (feed-redis) on the application's Lettuce client: a {@link RedisClient} bean (one
 * server) or a {@link RedisClusterClient} bean (a cluster), when feed-redis is on the classpath,
 * {@code feedkit.redis.enabled} is not false, and the application defines no {@link CacheTier} of
 * its own. The tier opens its own connections on the client and closes them; the client stays the
 * application's. A shared tier needs {@code feedkit.cursor.key}. With
 * {@code feedkit.timelines.enabled}, the timelines live in Redis too ({@link RedisTimelines}).
 *
 * <p>Spring Boot's own Redis support configures a {@code LettuceConnectionFactory}, not a client
 * bean, so an application that wants the L2 declares the client, ideally with
 * {@link RedisCacheTier#recommendedClientOptions()}.
 */
@AutoConfiguration
@ConditionalOnClass({RedisCacheTier.class, RedisClient.class})
@ConditionalOnProperty(prefix = FeedProperties.PREFIX, name = {"enabled", "redis.enabled"}, havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(FeedProperties.class)
public class FeedRedisAutoConfiguration {

    /** The L2 and timelines on one Redis server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(RedisClient.class)
    static class Standalone {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(CacheTier.class)
        RedisCacheTier feedkitRedisTier(RedisClient client, FeedProperties properties) {
            return tier(properties.getRedis()).client(client).build();
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(TimelineStore.class)
        @ConditionalOnProperty(prefix = FeedProperties.PREFIX, name = "timelines.enabled", havingValue = "true")
        TimelineStore feedkitRedisTimelines(RedisClient client, FeedProperties properties) {
            return RedisTimelines.newBuilder().client(client).keyPrefix(properties.getRedis().getKeyPrefix()).build();
        }
    }

    /** The L2 and timelines on a Redis Cluster, when the application has a cluster client and no plain one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(RedisClusterClient.class)
    @ConditionalOnMissingBean(RedisClient.class)
    static class Cluster {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(CacheTier.class)
        RedisCacheTier feedkitRedisTier(RedisClusterClient client, FeedProperties properties) {
            return tier(properties.getRedis()).clusterClient(client).build();
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(TimelineStore.class)
        @ConditionalOnProperty(prefix = FeedProperties.PREFIX, name = "timelines.enabled", havingValue = "true")
        TimelineStore feedkitRedisTimelines(RedisClusterClient client, FeedProperties properties) {
            return RedisTimelines.newBuilder().clusterClient(client).keyPrefix(properties.getRedis().getKeyPrefix())
                    .build();
        }
    }

    /** A tier builder with every {@code feedkit.redis.*} setting applied, the client not yet. */
    static RedisCacheTier.Builder tier(FeedProperties.Redis p) {
        RedisCacheTier.Builder b = RedisCacheTier.newBuilder()
                .keyPrefix(p.getKeyPrefix())
                .timeout(p.getTimeout())
                .circuitBreaker(p.getBreakerFailures(), p.getBreakerCoolDown())
                .writeQueue(p.getWriteQueue());
        if (p.getChannel() != null) {
            b.channel(p.getChannel());
        }
        if (p.getEntityTtl() != null) {
            b.entityTtl(p.getEntityTtl());
        }
        if (p.getRelationshipTtl() != null) {
            b.relationshipTtl(p.getRelationshipTtl());
        }
        if (p.getAbsentTtl() != null) {
            b.absentTtl(p.getAbsentTtl());
        }
        return b;
    }
}
