package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedSource;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The code of adapters/feed-redis/README.md, compiled and run, so that the README cannot rot. */
final class ReadmeExamplesTest {
    private static final String PREFIX = Services.uniquePrefix("readme");

    @BeforeAll
    static void requireRedis() {
        Services.requireSharedRedis();
    }

    @AfterAll
    static void deleteKeys() {
        Services.deleteKeys(Services.redisUri(), PREFIX);
    }

    // README: wiring
    static FeedAssembler feeds(FeedSource source, EntityStore store, RedisCacheTier redis, byte[] cursorKey) {
        FeedAssembler.Builder builder = FeedAssembler.newBuilder().source(source).store(store);
        if (redis != null) {
            builder.tier(redis)           // L1 -> Redis -> store
                    .cursorKey(cursorKey); // required with a shared tier: the same secret on every instance
        }
        return builder.build();
    }

    static RedisCacheTier redisFromEnvironment(String keyPrefix) {
        String url = System.getenv("FEEDKIT_REDIS_URL");
        if (url == null || url.isBlank()) {
            url = "redis://127.0.0.1:6379";
        }
        return RedisCacheTier.newBuilder()
                .uri(url)                          // or .clusterUris(..) / .client(RedisClient) / .clusterClient(..)
                .keyPrefix(keyPrefix)              // default "feedkit:"
                .timeout(Duration.ofMillis(5))     // default: a slow Redis never holds a page longer
                .build();
    }
    // README: end

    @Test
    void the_readme_wiring_serves_pages_through_redis() {
        TestStore store = TestStore.everyoneFollowsEveryone(3, 4);
        try (RedisCacheTier redis = redisFromEnvironment(PREFIX);
                FeedAssembler feeds = feeds(store, store, redis, Services.CURSOR_KEY)) {
            FeedPage page = feeds.assemble(FeedRequest.of(1));
            assertThat(page.items()).hasSize(12);
            RedisCacheTierTest.awaitTrue(() -> redis.stats().written() > 0, Duration.ofSeconds(5));
        }
    }
}
