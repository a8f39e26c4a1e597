package dev.feedkit.examples;

import dev.feedkit.testkit.DemoLoader;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedSource;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.testkit.InMemoryFeedStore;
import dev.feedkit.examples.naive.NaiveFeedService;
import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.json.JsonFeedWriter;
import dev.feedkit.TimelineStore;
import dev.feedkit.redis.RedisCacheTier;
import dev.feedkit.redis.RedisTimelines;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * The server behind benchmarks/loadtest.sh: the demo server (DemoServer, its read and write routes
 * and executor) on PostgreSQL (feed-jdbc) and a Redis L2 (feed-redis), plus the naive and static
 * endpoints of LoadTestRoutes. It serves an existing schema, or with --load creates one and COPYs a
 * generated DemoData set into it. Its Redis keys live under a prefix of their own, deleted on
 * shutdown; the schema belongs to the script, which drops it. Not part of the library: a measuring
 * tool.
 * By default the assembler is the library's default with Redis timelines (RedisTimelines with its
 * default settings, under the prefix + "tl:"), fresh candidates (no candidateTtl) and pre-warming
 * on: the configuration issue 9 measures. --timelines false turns timelines off, the configuration
 * the load test measured before timelines existed. Two servers started with the same schema and
 * --redis-prefix share timelines and the invalidation channel, as two instances of one host do; only
 * one of them may take post writes (DemoWrites numbers posts from max(id) + 1 at startup).
 * With --source-memory the candidates come from an InMemoryFeedStore of the same DemoData (same
 * seed and sizes as the load), to measure the feed without its per-request keyset query.
 */

/** Starts the load-test server; see {@code benchmarks/loadtest.sh}. */
final class LoadTestServer {
    private static final Logger log = LoggerFactory.getLogger(LoadTestServer.class);
    private static final byte[] CURSOR_KEY = "feedkit load test cursor key 32b".getBytes(StandardCharsets.UTF_8);

    private LoadTestServer() {
    }

    /**
     * Runs until the process is stopped. Flags: --schema NAME (required), --load, --load-only, --users N,
     * --posts N, --follows N, --seed N, --port N, --threads N, --redis-prefix P, --static-viewer ID,
     * --source-memory (candidates from an InMemoryFeedStore of the same generated data, entities
     * still from PostgreSQL and Redis), --candidate-ttl SECONDS (FeedAssembler.Builder.candidateTtl,
     * default 0), --prewarm true|false (default true), --timelines true|false (Redis timelines, default
     * true), --timeline-timeout-ms N (RedisTimelines.Builder.timeout; default the library's, 5 ms).
     * On shutdown it prints the assembler's timeline figures.
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> o = parse(args);
        String pgUrl = env("FEEDKIT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        String redisUrl = env("FEEDKIT_REDIS_URL", "redis://127.0.0.1:6379");
        JdbcFeedStore pg = JdbcFeedStore.fromUrl(pgUrl, required(o, "schema"));
        if (o.containsKey("load")) {
            load(pg, o);
        }
        if (o.containsKey("load-only")) {
            pg.close();
            return;
        }
        RedisClient client = RedisClient.create(redisUrl);
        String prefix = o.getOrDefault("redis-prefix", "feedkit_load:");
        RedisCacheTier tier = RedisCacheTier.newBuilder().client(client).keyPrefix(prefix).build();
        FeedSource source = o.containsKey("source-memory") ? InMemoryFeedStore.of(demoData(o)) : pg;
        boolean timelinesOn = flag(o, "timelines", true);
        TimelineStore timelines = timelinesOn ? timelines(client, prefix, o) : null;
        FeedAssembler.Builder b = FeedAssembler.newBuilder().source(source).store(pg).tier(tier)
                .writer(JsonFeedWriter.create()).cursorKey(CURSOR_KEY)
                .candidateTtl(Duration.ofSeconds(Long.parseLong(o.getOrDefault("candidate-ttl", "0"))))
                .prewarm(flag(o, "prewarm", true));
        FeedAssembler assembler = (timelinesOn ? b.timelineStore(timelines) : b.timelines(false)).build();
        byte[] page = typicalPage(assembler, Long.parseLong(required(o, "static-viewer")));
        WriteRoutes writes = new WriteRoutes(assembler, DemoWrites.postgres(pg.dataSource(), pg.schema()));
        DemoServer server = DemoServer.newBuilder(assembler).port(Integer.parseInt(o.getOrDefault("port", "8080")))
                .threads(Integer.parseInt(o.getOrDefault("threads", "8")))
                .route(LoadTestRoutes.NAIVE, LoadTestRoutes.naive(NaiveFeedService.of(pg.dataSource(), pg.schema(), CURSOR_KEY)))
                .route(LoadTestRoutes.STATIC, LoadTestRoutes.fixed(page))
                .route(WriteRoutes.POSTS, writes).route(WriteRoutes.FOLLOWS, writes).route(WriteRoutes.BLOCKS, writes).route(WriteRoutes.MUTES, writes)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("loadtest server timelines " + (timelinesOn ? "on: " + assembler.timelineStats() : "off"));
            System.out.flush();
            assembler.close();
            if (timelines != null) {
                timelines.close();
            }
            tier.close();
            log.info("deleted {} Redis keys under {}", deletePrefix(client, prefix), prefix);
            client.shutdown();
            pg.close();
        }, "loadtest-stop"));
        System.out.println("loadtest server ready on " + server.uri() + " schema=" + pg.schema()
                + " static page " + page.length + " bytes, timelines " + (timelinesOn ? "on (Redis)" : "off"));
        System.out.flush();
    }

    /** RedisTimelines with its defaults, or the read timeout that --timeline-timeout-ms names. */
    private static TimelineStore timelines(RedisClient client, String prefix, Map<String, String> o) {
        RedisTimelines.Builder b = RedisTimelines.newBuilder().client(client).keyPrefix(prefix + "tl:");
        if (o.containsKey("timeline-timeout-ms")) {
            b.timeout(Duration.ofMillis(Long.parseLong(o.get("timeline-timeout-ms"))));
        }
        return b.build();
    }

    private static DemoData demoData(Map<String, String> o) {
        return DemoData.newBuilder().users(Integer.parseInt(o.getOrDefault("users", "20000")))
                .posts(Integer.parseInt(o.getOrDefault("posts", "400000")))
                .meanFollows(Integer.parseInt(o.getOrDefault("follows", "50")))
                .seed(Long.parseLong(o.getOrDefault("seed", "42"))).build();
    }

    private static void load(JdbcFeedStore pg, Map<String, String> o) {
        DemoData data = demoData(o);
        pg.migrate();
        log.info("loaded {}", DemoLoader.copy(pg.dataSource(), pg.schema(), data));
    }

    /**
     * Renders the static endpoint's page. Retried: the first Redis reads of a cold JVM (connection,
     * class loading, script load) can take longer than RedisTimelines' 5 ms read timeout.
     */
    private static byte[] typicalPage(FeedAssembler assembler, long viewer) {
        for (int attempt = 1; ; attempt++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                assembler.write(FeedRequest.newBuilder(viewer).limit(20).seed(1).build(), out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (FeedUnavailableException e) {
                if (attempt == 10) {
                    throw e;
                }
                log.warn("static page, attempt {}: {}", attempt, e.getMessage());
                sleep(100);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering the static page", e);
        }
    }

    private static long deletePrefix(RedisClient client, String prefix) {
        long deleted = 0;
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    deleted += c.sync().del(page.getKeys().toArray(new String[0]));
                }
                cursor = page;
            } while (!cursor.isFinished());
        }
        return deleted;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            String name = args[i].substring(2);
            o.put(name, name.startsWith("load") || name.equals("source-memory") ? "true" : args[++i]);
        }
        return o;
    }

    private static boolean flag(Map<String, String> o, String name, boolean fallback) {
        String v = o.getOrDefault(name, Boolean.toString(fallback));
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--" + name + " must be true or false, was " + v);
        }
        return v.equals("true");
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
