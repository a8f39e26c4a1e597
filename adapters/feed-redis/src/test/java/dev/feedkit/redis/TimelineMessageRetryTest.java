package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.TimelineChange;
import dev.feedkit.testkit.FakeTicker;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A timeline change that cannot be published (circuit open, Redis down or slow) is kept and sent
 * again, like an invalidation; dropping it left peers serving a first page without the new post
 * for up to the first-page TTL (seen in the load test's post-to-visible phase).
 */
final class TimelineMessageRetryTest {
    private static final String PREFIX = Services.uniquePrefix("tlretry");

    @BeforeAll
    static void requireRedis() {
        Services.requireSharedRedis();
    }

    @AfterAll
    static void deleteKeys() {
        Services.deleteKeys(Services.redisUri(), PREFIX);
    }

    @Test
    void a_change_published_while_the_circuit_is_open_reaches_peers_once_redis_answers_again() throws Exception {
        FakeTicker ticker = new FakeTicker();
        try (RedisCacheTier sender = RedisCacheTier.newBuilder().uri(Services.redisUri()).keyPrefix(PREFIX)
                .timeout(Duration.ofMillis(200)).circuitBreaker(1, Duration.ofSeconds(1)).ticker(ticker).build();
                RedisCacheTier peer = RedisCacheTierTest.tier(PREFIX)) {
            BlockingQueue<TimelineChange> heard = new LinkedBlockingQueue<>();
            peer.subscribeTimelines(heard::add);
            TimelineChange change = new TimelineChange(new long[] {41, 42}, 2, 0, false);
            sender.publishTimelines(new TimelineChange(new long[] {1}, 1, 0, false));
            assertThat(heard.poll(5, TimeUnit.SECONDS)).as("the subscription works").isNotNull();

            sender.breaker().failure(); // as after a Redis timeout: the circuit opens for its cool-down
            sender.publishTimelines(change);
            assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).as("nothing is sent while the circuit is open").isNull();

            ticker.advance(Duration.ofSeconds(1)); // the cool-down passes; the writer thread probes
            assertThat(heard.poll(5, TimeUnit.SECONDS)).as("the kept change, sent again").isEqualTo(change);
        }
    }
}
