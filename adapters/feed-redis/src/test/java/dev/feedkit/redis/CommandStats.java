package dev.feedkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.HashMap;
import java.util.Map;

/** INFO commandstats of a Redis server: how many calls of each command the library made. */
final class CommandStats {
    private CommandStats() {
    }

    /** Resets INFO commandstats on the server at {@code uri}. */
    static void resetStats(RedisClient client, RedisURI uri) {
        try (StatefulRedisConnection<String, String> c = client.connect(uri)) {
            c.sync().configResetstat();
        }
    }

    /** Returns calls per command (lower case) from INFO commandstats of the server at {@code uri}. */
    static Map<String, Long> commandCalls(RedisClient client, RedisURI uri) {
        try (StatefulRedisConnection<String, String> c = client.connect(uri)) {
            return parseCalls(c.sync().info("commandstats"));
        }
    }

    static Map<String, Long> parseCalls(String info) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                String rest = line.substring(line.indexOf("calls=") + 6);
                calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
            }
        }
        return calls;
    }
}
