package dev.feedkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.redis.RedisCacheTier;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.DemoLoader;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Store, L2 and pub/sub figures from real PostgreSQL and Redis, read from a SimpleMeterRegistry. */
final class PostgresRedisMetricsTest {
    private static final byte[] CURSOR_KEY = "feed-micrometer-test-cursor-key!".getBytes(StandardCharsets.UTF_8);

    @Test
    void l2_store_and_invalidation_figures_come_from_real_services() throws Exception {
        String pgUrl = env("FEEDKIT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        String redisUrl = env("FEEDKIT_REDIS_URL", "redis://127.0.0.1:6379");
        requireReachable(pgUrl, redisUrl);
        String name = "wt2_observe_metrics_" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "wt2-observe:" + name + ":";
        DemoData data = DemoData.newBuilder().users(200).posts(3_000).meanFollows(20).seed(3).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SimpleMeterRegistry peerRegistry = new SimpleMeterRegistry();
        try (JdbcFeedStore store = JdbcFeedStore.fromUrl(pgUrl, name)) {
            store.migrate();
            DemoLoader.copy(store.dataSource(), store.schema(), data);
            try (RedisCacheTier redis = tier(redisUrl, prefix); RedisCacheTier peerRedis = tier(redisUrl, prefix)) {
                FeedkitMetrics metrics = FeedkitMetrics.create(registry);
                new RedisTierMetrics(redis).bindTo(registry);
                new RedisTierMetrics(peerRedis).bindTo(peerRegistry);
                try (FeedAssembler feeds = assembler(store, redis, metrics);
                        FeedAssembler peer = assembler(store, peerRedis, FeedkitMetrics.create(peerRegistry))) {
                    metrics.monitor(feeds);
                    FeedRequest request = FeedRequest.newBuilder(data.sampleViewer()).limit(20).seed(1).build();
                    FeedPage page = feeds.assemble(request);
                    assertThat(page.items()).isNotEmpty();
                    // The writer thread writes what the page loaded (all of it went to L1 too), off the page's path.
                    await(() -> redis.stats().written() == feeds.l1Stats().puts());
                    long written = redis.stats().written();
                    assertThat(written).isPositive();
                    double puts = registry.get("cache.puts").tag("cache", "feedkit.l2").functionCounter().count();
                    assertThat(puts).isEqualTo(written);
                    assertThat(registry.get("cache.gets").tag("cache", "feedkit.l2").tag("result", "miss")
                            .functionCounter().count()).isPositive();
                    assertThat(registry.get("feedkit.page").tag("stage", "store").timer().count()).isEqualTo(1);
                    assertThat(registry.get("feedkit.page").tag("stage", "store").timer().totalTime(TimeUnit.NANOSECONDS))
                            .as("one real PostgreSQL round trip").isPositive();

                    peer.assemble(request); // the peer's L1 is cold: its entities come from Redis
                    assertThat(peerRegistry.get("cache.gets").tag("cache", "feedkit.l2").tag("result", "hit")
                            .functionCounter().count()).isEqualTo(peerRedis.stats().hits()).isPositive();

                    long postId = page.items().get(0).post().id();
                    feeds.invalidatePost(postId);
                    await(() -> peerRedis.stats().invalidationsReceived() > 0);
                    assertThat(registry.get("feedkit.l2.invalidations").tag("result", "sent").functionCounter().count())
                            .isEqualTo(1);
                    assertThat(peerRegistry.get("feedkit.l2.invalidations").tag("result", "received")
                            .functionCounter().count()).isEqualTo(peerRedis.stats().invalidationsReceived());
                    assertThat(registry.get("feedkit.l2.invalidations").tag("result", "retried").functionCounter()
                            .count()).as("Redis answered the first time").isZero();
                    assertThat(registry.get("feedkit.circuit.open").tag("circuit", "l2").gauge().value()).isZero();
                    assertThat(registry.get("feedkit.circuit.open").tag("circuit", "store").gauge().value()).isZero();
                }
            } finally {
                deleteKeys(redisUrl, prefix);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(pgUrl); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
        }
    }

    /** A tier with a generous read timeout: a late answer would be a miss, and the test machine is shared. */
    private static RedisCacheTier tier(String redisUrl, String prefix) {
        return RedisCacheTier.newBuilder().uri(redisUrl).keyPrefix(prefix).timeout(Duration.ofMillis(500)).build();
    }

    private static FeedAssembler assembler(JdbcFeedStore store, RedisCacheTier redis, FeedkitMetrics metrics) {
        return FeedAssembler.newBuilder().source(store).store(store).tier(redis).prewarm(false).timelines(false)
                .listener(metrics).cursorKey(CURSOR_KEY).build();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static void requireReachable(String pgUrl, String redisUrl) {
        try (Connection c = DriverManager.getConnection(pgUrl)) {
            c.isValid(2);
            RedisClient client = RedisClient.create(redisUrl);
            try (StatefulRedisConnection<String, String> r = client.connect()) {
                r.sync().ping();
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        } catch (SQLException | RuntimeException e) {
            String why = "PostgreSQL (FEEDKIT_PG_URL) or Redis (FEEDKIT_REDIS_URL) is unreachable: " + e.getMessage();
            if (Boolean.getBoolean("feedkit.requireServices") || "true".equals(System.getenv("CI"))) {
                fail(why, e);
            }
            Assumptions.abort(why);
        }
    }

    private static void deleteKeys(String redisUrl, String prefix) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanIterator<String> keys = ScanIterator.scan(c.sync(), ScanArgs.Builder.matches(prefix + "*").limit(500));
            while (keys.hasNext()) {
                c.sync().del(keys.next());
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
