package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo on PostgreSQL with a Redis L2, as the README's command starts it: the generated data is
 * COPY-loaded into its own schema, pages come back, and a full walk yields each post once. The
 * schema and the Redis keys are removed afterwards.
 */
final class DemoServicesTest {
    private static final String PG = System.getenv().getOrDefault("FEEDKIT_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String REDIS = System.getenv().getOrDefault("FEEDKIT_REDIS_URL", "redis://127.0.0.1:6379");
    private static final long SEED = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private static DemoOptions options;

    @BeforeAll
    static void services() {
        options = DemoOptions.parse(new String[] {"--port", "0", "--users", "300", "--posts", "6000", "--follows", "15",
            "--seed", Long.toString(SEED), "--pg-url", PG, "--redis-url", REDIS,
            "--cursor-key", "demo-services-test-cursor-key"}, Map.of());
        try (Connection c = DriverManager.getConnection(PG)) {
            c.isValid(2);
        } catch (SQLException e) {
            boolean required = Boolean.getBoolean("feedkit.requireServices");
            if (required) {
                throw new AssertionError("PostgreSQL at " + PG + " is unreachable and feedkit.requireServices=true", e);
            }
            Assumptions.abort("PostgreSQL at " + PG + " is unreachable: " + e.getMessage());
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + DemoBackend.dataSetName(options) + " CASCADE");
        }
        try (io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(REDIS)) {
            try (var conn = client.connect()) {
                var keys = conn.sync().keys("feedkit-demo:" + DemoBackend.dataSetName(options) + ":*");
                if (!keys.isEmpty()) {
                    conn.sync().del(keys.toArray(new String[0]));
                }
            }
        } catch (RuntimeException e) {
            // Redis gone: nothing of ours to clean up there.
        }
    }

    @Test
    void the_demo_serves_generated_data_from_postgresql_through_redis() {
        try (DemoMain.Running running = DemoMain.start(options)) {
            assertThat(running.backend().description())
                    .startsWith("postgresql schema " + DemoBackend.dataSetName(options) + " (loaded in ")
                    .endsWith("300 users, 6000 posts, Redis L2 and timelines");
            TestHttp http = new TestHttp(running.server().uri());
            Set<String> seen = new HashSet<>();
            int total = 0;
            String next = running.sampleUrl() + "&limit=50";
            while (next != null) {
                TestHttp.Reply reply = http.get(next);
                assertThat(reply.status()).isEqualTo(200);
                for (JsonNode item : reply.json().get("items")) {
                    seen.add(item.get("id").asText());
                    total++;
                }
                JsonNode cursor = reply.json().get("next_page");
                next = cursor == null ? null : running.sampleUrl() + "&limit=50&cursor=" + cursor.asText();
            }
            assertThat(total).isGreaterThan(50).isEqualTo(seen.size());
        }
        // A second start finds the data already loaded.
        try (DemoMain.Running again = DemoMain.start(options)) {
            assertThat(again.backend().description()).contains("(already loaded)");
        }
    }
}
