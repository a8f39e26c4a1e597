package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A host that passes its own RedisClient keeps it: the tier closes only its own connections. */
final class HostClientTest {
    private static final String PREFIX = Services.uniquePrefix("host-client");

    @BeforeAll
    static void requireRedis() {
        Services.requireSharedRedis();
    }

    @AfterAll
    static void deleteKeys() {
        Services.deleteKeys(Services.redisUri(), PREFIX);
    }

    @Test
    void the_hosts_client_serves_the_tier_and_outlives_it() {
        RedisClient client = RedisClient.create(Services.withTimeout(Services.redisUri()));
        client.setOptions(RedisCacheTier.recommendedClientOptions());
        try {
            try (RedisCacheTier tier = RedisCacheTier.newBuilder().client(client).keyPrefix(PREFIX)
                    .timeout(Duration.ofMillis(200)).build()) {
                EntityKeys keys = EntityKeys.of(3, new long[] {11}, new long[0]);
                Entities batch = Entities.of(keys);
                batch.post(RedisCacheTierTest.post(11, "from the host's client"));
                tier.putAll(batch, 1);
                RedisCacheTierTest.awaitTrue(() -> tier.stats().written() == 1, Duration.ofSeconds(5));
                Entities hits = Entities.of(keys);
                tier.getAll(keys, hits);
                assertThat(hits.findPost(11).body()).isEqualTo("from the host's client");
            }
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                assertThat(c.sync().ping()).isEqualTo("PONG");
            }
        } finally {
            client.shutdown();
        }
    }
}
