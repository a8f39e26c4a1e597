package dev.feedkit.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** The shared Redis of the test environment: its URI, a reachability check, and key cleanup. */
final class Services {
    /** The cursor key of test assemblers: an assembler with a shared tier requires one. */
    static final byte[] CURSOR_KEY = "feed-redis-test-cursor-key".getBytes(StandardCharsets.UTF_8);

    private Services() {
    }

    static boolean requireServices() {
        return Boolean.getBoolean("feedkit.requireServices") || "true".equals(System.getenv("CI"));
    }

    static String redisUri() {
        String env = System.getenv("FEEDKIT_REDIS_URL");
        return env == null || env.isBlank() ? "redis://127.0.0.1:6379" : env;
    }

    /** Skips the test (or fails it under feedkit.requireServices) when the shared Redis is unreachable. */
    static void requireSharedRedis() {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> c = client.connect(withTimeout(redisUri()))) {
            c.sync().ping();
        } catch (RuntimeException e) {
            String why = "Redis at " + redisUri() + " (FEEDKIT_REDIS_URL) is unreachable: " + e.getMessage();
            if (requireServices()) {
                fail(why, e);
            }
            Assumptions.abort(why);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    static RedisURI withTimeout(String uri) {
        RedisURI u = RedisURI.create(uri);
        u.setTimeout(Duration.ofSeconds(2));
        return u;
    }

    static String uniquePrefix(String testName) {
        return "feedkit-test:" + testName + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** Deletes every key that starts with {@code prefix} (SCAN MATCH, never FLUSHALL). */
    static long deleteKeys(String uri, String prefix) {
        RedisClient client = RedisClient.create();
        long deleted = 0;
        try (StatefulRedisConnection<String, String> c = client.connect(withTimeout(uri))) {
            RedisCommands<String, String> r = c.sync();
            ScanArgs match = ScanArgs.Builder.matches(prefix.replace("*", "\\*") + "*").limit(500);
            KeyScanCursor<String> cursor = r.scan(ScanCursor.INITIAL, match);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    deleted += r.del(cursor.getKeys().toArray(new String[0]));
                }
                if (cursor.isFinished()) {
                    return deleted;
                }
                cursor = r.scan(cursor, match);
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
