package dev.feedkit.examples;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo server's settings, from {@code --flag value} (or {@code --flag=value}) arguments and,
 * for flags not given, {@code FEEDKIT_DEMO_*} environment variables (and {@code FEEDKIT_PG_URL},
 * {@code FEEDKIT_REDIS_URL} for the backends).
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
            "  --users N        generated users, 2..10000000 (FEEDKIT_DEMO_USERS, default 10000)",
            "  --posts N        generated posts, 0..50000000 (FEEDKIT_DEMO_POSTS, default 200000)",
            "  --follows N      mean follows per user, 0..10000 (FEEDKIT_DEMO_FOLLOWS, default 50)",
            "  --seed N         data generator seed (FEEDKIT_DEMO_SEED, default 42)",
            "  --pg-url URL     PostgreSQL backend (FEEDKIT_PG_URL); not wired yet in the demo",
            "  --redis-url URL  Redis L2 tier (FEEDKIT_REDIS_URL); not wired yet in the demo",
            "  --help           print this");

    private static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("host", "FEEDKIT_DEMO_HOST"), Map.entry("port", "FEEDKIT_DEMO_PORT"),
            Map.entry("threads", "FEEDKIT_DEMO_THREADS"), Map.entry("queue", "FEEDKIT_DEMO_QUEUE"),
            Map.entry("users", "FEEDKIT_DEMO_USERS"), Map.entry("posts", "FEEDKIT_DEMO_POSTS"),
            Map.entry("follows", "FEEDKIT_DEMO_FOLLOWS"), Map.entry("seed", "FEEDKIT_DEMO_SEED"),
            Map.entry("pg-url", "FEEDKIT_PG_URL"), Map.entry("redis-url", "FEEDKIT_REDIS_URL"),
            Map.entry("help", "FEEDKIT_DEMO_HELP"));

    final String host;
    final int port;
    final int threads;
    final int queue;
    final int users;
    final int posts;
    final int follows;
    final long seed;
    final String pgUrl;
    final String redisUrl;
    final boolean help;

    private DemoOptions(Map<String, String> v) {
        host = v.getOrDefault("host", "127.0.0.1");
        port = (int) number(v, "port", 8080, 0, 65535);
        threads = (int) number(v, "threads", 8, 1, 256);
        queue = (int) number(v, "queue", 256, 1, 65536);
        users = (int) number(v, "users", 10_000, 2, 10_000_000);
        posts = (int) number(v, "posts", 200_000, 0, 50_000_000);
        follows = (int) number(v, "follows", 50, 0, 10_000);
        seed = number(v, "seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        pgUrl = blankToNull(v.get("pg-url"));
        redisUrl = blankToNull(v.get("redis-url"));
        help = v.containsKey("help");
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
