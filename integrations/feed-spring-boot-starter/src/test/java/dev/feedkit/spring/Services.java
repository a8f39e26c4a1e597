package dev.feedkit.spring;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import dev.feedkit.redis.RedisCacheTier;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The shared PostgreSQL and Redis of the test environment, a private schema and key prefix for
 * each test (named after this branch), and a host application that declares a DataSource and a
 * Lettuce RedisClient the way a Spring Boot service would.
 */
final class Services {
    static final String PG_URL = env("FEEDKIT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String REDIS_URL = env("FEEDKIT_REDIS_URL", "redis://127.0.0.1:6379");

    final String schema = "feedkit_wt2_spring_" + UUID.randomUUID().toString().substring(0, 8);
    final String keyPrefix = "feedkit-test:wt2-spring:" + UUID.randomUUID().toString().substring(0, 8) + ":";

    private Services() {
    }

    /** Skips the test (fails it under feedkit.requireServices or CI=true) unless both services answer. */
    static Services require() {
        try (Connection c = DriverManager.getConnection(PG_URL)) {
            c.isValid(2);
        } catch (SQLException e) {
            unreachable("PostgreSQL at " + PG_URL + " (FEEDKIT_PG_URL)", e);
        }
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> c = client.connect(withTimeout(REDIS_URL))) {
            c.sync().ping();
        } catch (RuntimeException e) {
            unreachable("Redis at " + REDIS_URL + " (FEEDKIT_REDIS_URL)", e);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
        return new Services();
    }

    /** Drops the schema and deletes the keys under the prefix (SCAN MATCH, never a flush). */
    void cleanUp() throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> c = client.connect(withTimeout(REDIS_URL))) {
            RedisCommands<String, String> r = c.sync();
            ScanArgs match = ScanArgs.Builder.matches(keyPrefix + "*").limit(500);
            KeyScanCursor<String> cursor = r.scan(ScanCursor.INITIAL, match);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    r.del(cursor.getKeys().toArray(new String[0]));
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = r.scan(cursor, match);
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    /**
     * The properties that keep a test in its own schema and key prefix; the Redis timeout is
     * raised from 5 ms so that a busy shared machine does not turn L2 reads into misses.
     */
    String[] isolation() {
        return new String[] {"feedkit.store.schema=" + schema, "feedkit.store.migrate=true",
            "feedkit.redis.key-prefix=" + keyPrefix, "feedkit.redis.timeout=250ms"};
    }

    /** A host application's own beans: a pooled DataSource and a Lettuce client. */
    @Configuration(proxyBeanMethods = false)
    static class HostBeans {
        @Bean(destroyMethod = "close")
        HikariDataSource dataSource() {
            HikariDataSource ds = new HikariDataSource();
            ds.setJdbcUrl(PG_URL);
            ds.setMaximumPoolSize(4);
            ds.setPoolName("feedkit-spring-test");
            return ds;
        }

        @Bean(destroyMethod = "shutdown")
        RedisClient redisClient() {
            RedisClient client = RedisClient.create(REDIS_URL);
            client.setOptions(RedisCacheTier.recommendedClientOptions());
            return client;
        }
    }

    private static void unreachable(String what, Exception e) {
        String why = what + " is unreachable: " + e.getMessage();
        if (Boolean.getBoolean("feedkit.requireServices") || "true".equals(System.getenv("CI"))) {
            fail(why, e);
        }
        Assumptions.abort(why);
    }

    private static RedisURI withTimeout(String uri) {
        RedisURI u = RedisURI.create(uri);
        u.setTimeout(Duration.ofSeconds(2));
        return u;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
