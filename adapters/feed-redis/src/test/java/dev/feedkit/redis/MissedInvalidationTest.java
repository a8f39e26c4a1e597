package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.testkit.PrivateRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instance A's pub/sub link to a private Redis is dropped (CLIENT KILL TYPE pubsub) and kept down
 * (maxclients) while instance B edits and invalidates a post, so A never hears the message. Once
 * A's subscription is back, A must not serve the old post from its L1.
 */
final class MissedInvalidationTest {
    private static final String PREFIX = "missed:";
    private static final long VIEWER = 1;
    private static final long POST = 7;
    private static PrivateRedis server;
    private static RedisClient admin;

    @BeforeAll
    static void start() {
        server = PrivateRedis.start();
        admin = RedisClient.create(server.uri());
    }

    @AfterAll
    static void stop() {
        admin.shutdown();
        server.close();
    }

    @Test
    void an_instance_that_missed_an_invalidation_drops_its_l1_once_resubscribed() throws Exception {
        TestStore store = TestStore.everyoneFollowsEveryone(4, 3);
        try (StatefulRedisConnection<String, String> c = admin.connect();
                RedisCacheTier tierA = tier(); RedisCacheTier tierB = tier();
                FeedAssembler a = assembler(store, tierA); FeedAssembler b = assembler(store, tierB)) {
            RedisCommands<String, String> redis = c.sync();
            assertThat(body(a)).isEqualTo(body(b)).startsWith("post 7");

            // admin + the two tiers' data connections; the pub/sub links cannot come back
            redis.configSet("maxclients", "3");
            assertThat(redis.clientKill(io.lettuce.core.KillArgs.Builder.typePubsub())).isEqualTo(2);
            store.editPost(POST, "edited");
            b.invalidatePost(POST);
            assertThat(tierB.stats().invalidationsSent()).isEqualTo(1);
            assertThat(body(a)).as("A missed the message: its L1 still holds the old post").startsWith("post 7");

            redis.configSet("maxclients", "10000");
            awaitResubscribed(tierA);

            assertThat(body(a)).isEqualTo("edited");
            assertThat(tierA.stats().invalidationsReceived()).as("the message itself was lost").isZero();
        }
    }

    private static void awaitResubscribed(RedisCacheTier tier) throws InterruptedException {
        for (int i = 0; i < 500 && tier.stats().resubscribes() == 0; i++) {
            Thread.sleep(10);
        }
        assertThat(tier.stats().resubscribes()).isEqualTo(1);
    }

    private static RedisCacheTier tier() {
        return RedisCacheTier.newBuilder().uri(server.uri()).keyPrefix(PREFIX).timeout(Duration.ofMillis(200)).build();
    }

    private static FeedAssembler assembler(TestStore store, RedisCacheTier tier) {
        return FeedAssembler.newBuilder().source(store).store(store).tier(tier).cursorKey(Services.CURSOR_KEY)
                .prewarm(false).build();
    }

    private static String body(FeedAssembler assembler) {
        return assembler.assemble(FeedRequest.of(VIEWER)).items().stream().filter(i -> i.post().id() == POST)
                .findFirst().orElseThrow().post().body();
    }
}
