package dev.feedkit.bench;

import dev.feedkit.testkit.DemoLoader;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.jdbc.JdbcFeedStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/*
 * Benchmarks that need PostgreSQL or Redis never skip: a service that is down throws from @Setup,
 * JMH reports the benchmark as failed, and run.sh (which passes -foe true) exits non-zero. Each
 * benchmark works in its own schema / key prefix and removes it in @TearDown; nothing shared is
 * flushed or dropped.
 */

/** Where the benchmarks' PostgreSQL and Redis are, and their per-benchmark schema and prefix. */
public final class Services {
    /** PostgreSQL, from FEEDKIT_PG_URL. */
    public static final String PG_URL = env("FEEDKIT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    /** Redis, from FEEDKIT_REDIS_URL. */
    public static final String REDIS_URL = env("FEEDKIT_REDIS_URL", "redis://127.0.0.1:6379");

    private Services() {
    }

    /**
     * Returns a unique lower-case name with the given prefix, for a schema or a Redis key prefix.
     *
     * @param prefix such as {@code feedkit_bench_store}
     * @return the prefix and 14 hex digits
     */
    public static String unique(String prefix) {
        return prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8).toLowerCase(Locale.ROOT);
    }

    /**
     * Creates a fresh schema, migrates it and COPYs {@code data} into it (copyDemo also runs
     * VACUUM ANALYZE, without which the keyset query is several times slower).
     *
     * @param prefix the schema name's prefix
     * @param data what to load
     * @return the store over the new schema
     * @throws IllegalStateException if PostgreSQL is unreachable
     */
    public static JdbcFeedStore loadedSchema(String prefix, DemoData data) {
        JdbcFeedStore pg = JdbcFeedStore.fromUrl(PG_URL, unique(prefix));
        try {
            pg.migrate();
            DemoLoader.copy(pg.dataSource(), pg.schema(), data);
            return pg;
        } catch (RuntimeException e) {
            pg.close();
            throw new IllegalStateException("PostgreSQL at FEEDKIT_PG_URL (" + PG_URL + ") is needed by this "
                    + "benchmark and failed: " + e.getMessage(), e);
        }
    }

    /**
     * Drops the store's schema and closes it.
     *
     * @param pg the store, or null
     */
    public static void drop(JdbcFeedStore pg) {
        if (pg == null) {
            return;
        }
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + pg.schema() + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop benchmark schema " + pg.schema(), e);
        } finally {
            pg.close();
        }
    }

    /**
     * Deletes every Redis key that starts with {@code prefix}, with SCAN and DEL (never FLUSH).
     *
     * @param client the client
     * @param prefix the benchmark's own key prefix
     * @return keys deleted
     */
    public static long deletePrefix(RedisClient client, String prefix) {
        long deleted = 0;
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = r.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    deleted += r.del(page.getKeys().toArray(new String[0]));
                }
                cursor = page;
            } while (!cursor.isFinished());
        }
        return deleted;
    }

    /**
     * Returns a client for FEEDKIT_REDIS_URL after checking that the server answers.
     *
     * @return the client
     * @throws IllegalStateException if Redis is unreachable
     */
    public static RedisClient redis() {
        RedisClient client = RedisClient.create(REDIS_URL);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().ping();
            return client;
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException("Redis at FEEDKIT_REDIS_URL (" + REDIS_URL + ") is needed by this "
                    + "benchmark and is unreachable: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
