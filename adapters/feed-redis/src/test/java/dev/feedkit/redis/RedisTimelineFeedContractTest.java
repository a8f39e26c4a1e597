package dev.feedkit.redis;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The timeline feed contract on PostgreSQL + the shared Redis server (its own key prefix, removed afterwards). */
final class RedisTimelineFeedContractTest extends PgRedisTimelineFeedContract {
    private final String prefix = Services.uniquePrefix("timeline-feed");

    @BeforeAll
    void redis() {
        Services.requireSharedRedis();
    }

    @AfterAll
    void removeKeys() {
        Services.deleteKeys(Services.redisUri(), prefix);
    }

    @Override
    RedisCacheTier.Builder tier() {
        return RedisCacheTier.newBuilder().uri(Services.redisUri()).keyPrefix(prefix).timeout(Duration.ofMillis(200));
    }

    @Override
    RedisTimelines.Builder timelines() {
        return RedisTimelines.newBuilder().uri(Services.redisUri()).keyPrefix(prefix).timeout(Duration.ofMillis(500));
    }
}
