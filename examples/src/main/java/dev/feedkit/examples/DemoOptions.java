package dev.feedkit.examples;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo server's settings, from {@code --flag value} (or {@code --flag=value}) arguments and,
 * for flags not given, {@code FEEDKIT_DEMO_*} environment variables (and {@code FEEDKIT_PG_URL},
 * {@code FEEDKIT_REDIS_URL} for the backends, {@code FEEDKIT_CURSOR_KEY} and its kin for the
 * cursor keys).
 *
 * <p>Flags win over the environment so that a one-off run can override a shell's exports. Every
 * value is checked here, with a message that names the flag, the value and the bound, so that a
 * typo stops the demo before it spends seconds generating data.
 */
final class DemoOptions {
    static final String USAGE = String.join("\n",
            "usage: bin/demo [--flag value]...",
            "  --host HOST      address to bind (FEEDKIT_DEMO_HOST, default 127.0.0.1)",
            "  --port N         port, 0 picks a free one (FEEDKIT_DEMO_PORT, default 8080)",
            "  --threads N      request threads, 1..256 (FEEDKIT_DEMO_THREADS, default 8)",
            "  --queue N        requests waiting for a thread before 503, 1..65536 (FEEDKIT_DEMO_QUEUE, default 256)",
            "  --max-connections N  connections served at once; requests on any more get 503, 1..100000",
            "                   (FEEDKIT_DEMO_MAX_CONNECTIONS, default 256)",
            "  --users N        generated users, 2..10000000 (FEEDKIT_DEMO_USERS, default 10000)",
            "  --posts N        generated posts, 0..50000000 (FEEDKIT_DEMO_POSTS, default 200000)",
            "  --follows N      mean follows per user, 0..10000 (FEEDKIT_DEMO_FOLLOWS, default 50)",
            "  --seed N         data generator seed (FEEDKIT_DEMO_SEED, default 42)",
            "  --pg-url URL     PostgreSQL backend (FEEDKIT_PG_URL)",
            "  --redis-url URL  Redis L2 tier and timelines (FEEDKIT_REDIS_URL); needs --cursor-key",
            "  --cursor-key SECRET  signs cursors, at least 16 bytes, the same on every instance (FEEDKIT_CURSOR_KEY;",
            "                   default a random key per process, with a warning)",
            "  --cursor-key-id N  its key id, 0..255, carried in every cursor (FEEDKIT_CURSOR_KEY_ID, default 0)",
            "  --previous-cursor-key ID:SECRET  a retired key whose cursors are still accepted",
            "                   (FEEDKIT_PREVIOUS_CURSOR_KEY)",
            "  --help           print this");

    private static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("host", "FEEDKIT_DEMO_HOST"), Map.entry("port", "FEEDKIT_DEMO_PORT"),
            Map.entry("threads", "FEEDKIT_DEMO_THREADS"), Map.entry("queue", "FEEDKIT_DEMO_QUEUE"),
            Map.entry("max-connections", "FEEDKIT_DEMO_MAX_CONNECTIONS"),
            Map.entry("users", "FEEDKIT_DEMO_USERS"), Map.entry("posts", "FEEDKIT_DEMO_POSTS"),
            Map.entry("follows", "FEEDKIT_DEMO_FOLLOWS"), Map.entry("seed", "FEEDKIT_DEMO_SEED"),
            Map.entry("pg-url", "FEEDKIT_PG_URL"), Map.entry("redis-url", "FEEDKIT_REDIS_URL"),
            Map.entry("cursor-key", "FEEDKIT_CURSOR_KEY"), Map.entry("cursor-key-id", "FEEDKIT_CURSOR_KEY_ID"),
            Map.entry("previous-cursor-key", "FEEDKIT_PREVIOUS_CURSOR_KEY"),
            Map.entry("help", "FEEDKIT_DEMO_HELP"));
    private static final int MIN_KEY_BYTES = 16;

    final String host;
    final int port;
    final int threads;
    final int queue;
    final int maxConnections;
    final int users;
    final int posts;
    final int follows;
    final long seed;
    final String pgUrl;
    final String redisUrl;
    /** The cursor key, or null for the assembler's random per-process key. */
    final byte[] cursorKey;
    final int cursorKeyId;
    /** A retired cursor key still accepted, or null. */
    final byte[] previousCursorKey;
    final int previousCursorKeyId;
    final boolean help;

    private DemoOptions(Map<String, String> v) {
        host = v.getOrDefault("host", "127.0.0.1");
        port = (int) number(v, "port", 8080, 0, 65535);
        threads = (int) number(v, "threads", 8, 1, 256);
        queue = (int) number(v, "queue", 256, 1, 65536);
        maxConnections = (int) number(v, "max-connections", 256, 1, 100_000);
        users = (int) number(v, "users", 10_000, 2, 10_000_000);
        posts = (int) number(v, "posts", 200_000, 0, 50_000_000);
        follows = (int) number(v, "follows", 50, 0, 10_000);
        seed = number(v, "seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        pgUrl = blankToNull(v.get("pg-url"));
        redisUrl = blankToNull(v.get("redis-url"));
        cursorKey = secret("cursor-key", blankToNull(v.get("cursor-key")));
        cursorKeyId = (int) number(v, "cursor-key-id", 0, 0, 255);
        String previous = blankToNull(v.get("previous-cursor-key"));
        int colon = previous == null ? -1 : previous.indexOf(':');
        if (previous != null && colon < 0) {
            throw new IllegalArgumentException("--previous-cursor-key must be ID:SECRET, as in 1:my-old-secret-of-16-bytes;"
                    + " the value has no ':'");
        }
        previousCursorKeyId = previous == null ? -1
                : (int) number(Map.of("previous-cursor-key id", previous.substring(0, colon)), "previous-cursor-key id", 0, 0, 255);
        previousCursorKey = previous == null ? null : secret("previous-cursor-key", previous.substring(colon + 1));
        help = v.containsKey("help");
        if (redisUrl != null && cursorKey == null && !help) {
            throw new IllegalArgumentException("--redis-url needs --cursor-key (FEEDKIT_CURSOR_KEY): instances that share"
                    + " Redis must sign cursors with the same secret, of at least " + MIN_KEY_BYTES + " bytes");
        }
    }

    /** The UTF-8 bytes of a secret, checked for length; its value is never echoed in a message. */
    private static byte[] secret(String flag, String value) {
        if (value == null) {
            return null;
        }
        byte[] key = value.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("--" + flag + " must be at least " + MIN_KEY_BYTES + " bytes, was "
                    + key.length);
        }
        return key;
    }

    /**
     * Parses the arguments, then fills what they leave out from {@code env}.
     *
     * @throws IllegalArgumentException naming the flag and the value when one is unknown or bad
     */
    static DemoOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !ENV.containsKey(name(arg))) {
                throw new IllegalArgumentException("unknown argument " + arg + "; see --help");
            }
            if (name(arg).equals("help")) {
                values.put("help", "true");
            } else if (arg.indexOf('=') > 0) {
                values.put(name(arg), arg.substring(arg.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                values.put(name(arg), args[++i]);
            } else {
                throw new IllegalArgumentException(arg + " needs a value; see --help");
            }
        }
        ENV.forEach((flag, variable) -> {
            if (!values.containsKey(flag) && env.get(variable) != null && !flag.equals("help")) {
                values.put(flag, env.get(variable));
            }
        });
        return new DemoOptions(values);
    }

    private static String name(String arg) {
        int eq = arg.indexOf('=');
        return eq < 0 ? arg.substring(2) : arg.substring(2, eq);
    }

    private static long number(Map<String, String> v, String flag, long fallback, long min, long max) {
        String raw = v.get(flag);
        if (raw == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(raw.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " must be an integer, was \"" + raw + "\"", e);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + flag + " must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
