package dev.feedkit.opentelemetry;

import static dev.feedkit.opentelemetry.FeedTracingTest.childrenOf;
import static dev.feedkit.opentelemetry.FeedTracingTest.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.redis.RedisCacheTier;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.DemoLoader;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Store and L2 spans around real PostgreSQL and Redis calls. */
final class PostgresRedisTracingTest {
    private static final byte[] CURSOR_KEY = "feed-otel-test-cursor-key-32-by!".getBytes(StandardCharsets.UTF_8);

    @Test
    void the_store_span_is_a_postgresql_client_span_and_l2_spans_say_redis() throws Exception {
        String pgUrl = env("FEEDKIT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        String redisUrl = env("FEEDKIT_REDIS_URL", "redis://127.0.0.1:6379");
        requireReachable(pgUrl, redisUrl);
        String name = "wt2_observe_traces_" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "wt2-observe:" + name + ":";
        DemoData data = DemoData.newBuilder().users(200).posts(3_000).meanFollows(20).seed(4).build();
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
                JdbcFeedStore store = JdbcFeedStore.fromUrl(pgUrl, name)) {
            store.migrate();
            DemoLoader.copy(store.dataSource(), store.schema(), data);
            try (RedisCacheTier redis = RedisCacheTier.newBuilder().uri(redisUrl).keyPrefix(prefix)
                    .timeout(Duration.ofMillis(500)).build();
                    FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).tier(redis)
                            .prewarm(false).timelines(false).tracer(FeedTracing.create(otel)).cursorKey(CURSOR_KEY)
                            .build()) {
                feeds.assemble(FeedRequest.newBuilder(data.sampleViewer()).limit(20).seed(1).build());

                List<SpanData> spans = exporter.getFinishedSpanItems();
                SpanData page = only(spans, "feedkit.page");
                assertThat(childrenOf(page, spans)).containsExactly("feedkit.source", "feedkit.l1", "MGET", "SELECT",
                        "feedkit.filter");
                SpanData storeSpan = only(spans, "SELECT");
                assertThat(storeSpan.getKind()).isEqualTo(SpanKind.CLIENT);
                assertThat(storeSpan.getAttributes().get(FeedTracing.DB_SYSTEM)).isEqualTo("postgresql");
                assertThat(storeSpan.getAttributes().get(FeedTracing.DB_OPERATION)).isEqualTo("SELECT");
                assertThat(storeSpan.getAttributes().get(FeedTracing.DB_BATCH_SIZE)).isGreaterThan(20);

                SpanData read = only(spans, "MGET");
                assertThat(read.getKind()).isEqualTo(SpanKind.CLIENT);
                assertThat(read.getAttributes().get(FeedTracing.DB_SYSTEM)).isEqualTo("redis");
                assertThat(read.getAttributes().get(AttributeKey.longKey("feedkit.hits"))).isZero();
                assertThat(read.getAttributes().get(AttributeKey.longKey("feedkit.keys")))
                        .isEqualTo(storeSpan.getAttributes().get(FeedTracing.DB_BATCH_SIZE));

                SpanData write = only(spans, "feedkit.l2.write");
                assertThat(write.getParentSpanId()).as("the store's load fills L2").isEqualTo(storeSpan.getSpanId());
                assertThat(write.getAttributes().get(FeedTracing.DB_SYSTEM)).isEqualTo("redis");
                assertThat(write.getAttributes().get(AttributeKey.longKey("feedkit.keys")))
                        .isEqualTo(storeSpan.getAttributes().get(FeedTracing.DB_BATCH_SIZE));
            } finally {
                deleteKeys(redisUrl, prefix);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(pgUrl); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
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
