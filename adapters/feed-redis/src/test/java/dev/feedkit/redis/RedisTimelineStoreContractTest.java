package dev.feedkit.redis;

import dev.feedkit.TimelineStore;
import dev.feedkit.testkit.TimelineStoreContract;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The timeline contract on the shared single Redis, each store under its own key prefix, removed afterwards. */
final class RedisTimelineStoreContractTest extends TimelineStoreContract {
    private static final List<String> prefixes = new ArrayList<>();
    private static RedisClient client;

    @BeforeAll
    static void connect() {
        Services.requireSharedRedis();
        client = RedisClient.create(Services.withTimeout(Services.redisUri()));
    }

    @AfterAll
    static void cleanUp() {
        if (client != null) {
            client.shutdown();
        }
        prefixes.forEach(p -> Services.deleteKeys(Services.redisUri(), p));
    }

    @Override
    protected TimelineStore newStore(int capacity) {
        String prefix = Services.uniquePrefix("timelines");
        prefixes.add(prefix);
        return RedisTimelines.newBuilder().client(client).keyPrefix(prefix).capacity(capacity)
                .timeout(Duration.ofSeconds(2)).writeTimeout(Duration.ofSeconds(5)).build();
    }
}
