package dev.feedkit.redis;

import dev.feedkit.CacheTier;
import dev.feedkit.testkit.CacheTierContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cache tier contract on the shared Redis, a fresh key prefix per test. */
final class RedisCacheTierContractTest extends CacheTierContract {
    private static final String PREFIX = Services.uniquePrefix("tiercontract");
    private static int tiers;

    @BeforeAll
    static void requireRedis() {
        Services.requireSharedRedis();
    }

    @AfterAll
    static void deleteKeys() {
        Services.deleteKeys(Services.redisUri(), PREFIX);
    }

    @Override
    protected CacheTier newTier() {
        return RedisCacheTier.newBuilder().uri(Services.redisUri()).keyPrefix(PREFIX + (tiers++) + ":")
                .timeout(Duration.ofMillis(500)).build();
    }

    @Override
    protected void close(CacheTier tier) {
        ((RedisCacheTier) tier).close();
    }
}
