package dev.feedkit.jdbc;

import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.Keyset;
import dev.feedkit.bench.Services;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.json.JsonFeedWriter;
import dev.feedkit.redis.RedisCacheTier;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * The round-trip floor of EndToEndBench's cold pages: the network round trips such a page cannot
 * avoid, sent raw through pgjdbc and Lettuce and their answers read and thrown away (rows stepped
 * over with ResultSet.next, never decoded into columns; MGET replies counted, never decoded into
 * entities), on the same data (DemoData 2,000 users / 20,000 posts / 50 follows / seed 42, COPYed
 * into a schema of this benchmark's own) and the same request (the sample viewer's first 20-item
 * page). The SQL texts and their binding are JdbcFeedSource's and JdbcEntityStore's own (this class
 * sits in their package for that), so the floor runs the same server-side prepared statements on
 * the same kind of pooled connection; only the library's work around them is missing.
 *
 * What a page sends on the caller's thread, and so the floors:
 *   coldFloor          = keyset + mgetMiss + storeBatch: the keyset candidate query (21 rows), one
 *                        MGET of the page's keys that all miss, and the store's one-round-trip
 *                        batch (posts, media, tags, authors, relationships) for all of them;
 *   coldL1WarmL2Floor  = keyset + mgetHit: the keyset query and one MGET that hits every key.
 * The cold page's Redis write is not on the caller's path: RedisCacheTier.putAll only queues the
 * batch, and its writer thread sends one EVAL later (EndToEndBench.cold waits for it outside the
 * timed part). redisWrite measures that EVAL with the page's values, for reference; it is in
 * neither floor. The pieces are also measured alone (keyset, mgetMiss, mgetHit, storeBatch).
 * On a shared machine the load drifts between two JMH benchmarks a minute apart by more than the
 * difference measured; ColdVsFloor interleaves each page with its floor in one process instead.
 */

/** The raw round trips under a cold page and a cold-L1/warm-L2 page, with nothing decoded. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RoundTripFloorBench {
    private static final int LIMIT = 20;
    private static final String WRITE_SCRIPT = ""
            + "local n = 0\n"
            + "for i = 1, #KEYS, 2 do\n"
            + "  if redis.call('EXISTS', KEYS[i + 1]) == 0 then\n"
            + "    redis.call('SET', KEYS[i], ARGV[i], 'PX', ARGV[i + 1])\n"
            + "    n = n + 1\n"
            + "  end\n"
            + "end\n"
            + "return n\n";

    private JdbcFeedStore pg;
    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> redis;
    private String prefix;
    private long viewer;
    private EntityKeys keys;
    private byte[][] hitKeys;
    private byte[][] missKeys;
    private byte[][] writeKeys;
    private byte[][] writeArgs;

    /**
     * Loads the schema, writes the page to Redis once through feedkit (the values the hits read),
     * and checks that every hit key hits and every miss key misses.
     *
     * @throws Exception if a service fails
     */
    @Setup
    public void setUp() throws Exception {
        DemoData data = DemoData.newBuilder().users(2_000).posts(20_000).meanFollows(50).seed(42).build();
        pg = Services.loadedSchema("fkbench_floor", data);
        client = Services.redis();
        redis = client.connect(ByteArrayCodec.INSTANCE);
        prefix = Services.unique("fkbench_floor") + ":";
        viewer = data.sampleViewer();
        keys = pageKeys();
        fillRedis();
        hitKeys = redisKeys(prefix + "warm:");
        missKeys = redisKeys(prefix + "cold:");
        writeKeys = new byte[hitKeys.length * 2][];
        writeArgs = new byte[hitKeys.length * 2][];
        List<KeyValue<byte[], byte[]>> values = redis.async().mget(hitKeys).get(5, TimeUnit.SECONDS);
        for (int i = 0; i < hitKeys.length; i++) {
            writeKeys[2 * i] = (prefix + "write:" + i).getBytes(StandardCharsets.UTF_8);
            writeKeys[2 * i + 1] = (prefix + "write:" + i + "~").getBytes(StandardCharsets.UTF_8);
            writeArgs[2 * i] = values.get(i).getValue();
            writeArgs[2 * i + 1] = "600000".getBytes(StandardCharsets.US_ASCII);
        }
        check("mgetHit", mgetHit(), hitKeys.length);
        check("mgetMiss", mgetMiss(), 0);
        check("keyset", keyset(), LIMIT + 1);
        System.out.println("# page keys: " + keys + "; store batch rows: " + storeBatch());
    }

    /** The page's keys as the pipeline collects them: the first 20 candidates' posts and authors. */
    private EntityKeys pageKeys() {
        Candidates c = new Candidates();
        pg.candidates(viewer, Keyset.START, LIMIT + 1, c, Deadline.after(Duration.ofSeconds(10)));
        int n = Math.min(LIMIT, c.size());
        long[] posts = new long[n];
        long[] authors = new long[n];
        for (int i = 0; i < n; i++) {
            posts[i] = c.postId(i);
            authors[i] = c.authorId(i);
        }
        return EntityKeys.of(viewer, posts, authors);
    }

    /** Writes the page through feedkit's tier and waits until every key is in Redis. */
    private void fillRedis() throws Exception {
        FeedRequest request = FeedRequest.newBuilder(viewer).limit(LIMIT).seed(1).build();
        try (RedisCacheTier tier = RedisCacheTier.newBuilder().client(client).keyPrefix(prefix + "warm:")
                        .timeout(Duration.ofMillis(200)).build();
                FeedAssembler a = FeedAssembler.newBuilder().source(pg).store(pg).tier(tier)
                        .cursorKey("round-trip floor bench cursor key".getBytes(StandardCharsets.UTF_8))
                        .writer(JsonFeedWriter.create()).prewarm(false).build()) {
            a.write(request, new ByteArrayOutputStream());
            byte[][] wanted = redisKeys(prefix + "warm:");
            for (int attempt = 0; attempt < 100; attempt++) {
                if (count(redis.async().mget(wanted).get(5, TimeUnit.SECONDS)) == wanted.length) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("Redis did not hold the page's " + wanted.length + " keys within 5 s");
        }
    }

    /** The page's Redis keys under {@code keyPrefix}, in RedisCacheTier's layout and MGET order. */
    private byte[][] redisKeys(String keyPrefix) {
        List<byte[]> out = new ArrayList<>();
        for (EntityKind kind : EntityKind.values()) {
            for (int i = 0; i < keys.size(kind); i++) {
                long id = keys.id(kind, i);
                String tail = kind == EntityKind.POST ? "{p:" + id + "}"
                        : kind == EntityKind.AUTHOR ? "{u:" + id + "}" : "{r:" + viewer + ":" + id + "}";
                out.add((keyPrefix + "v2:" + tail).getBytes(StandardCharsets.UTF_8)); // the format-2 namespace
            }
        }
        return out.toArray(new byte[0][]);
    }

    private static void check(String what, long got, long expected) {
        if (got != expected) {
            throw new IllegalStateException(what + " read " + got + ", expected " + expected);
        }
    }

    /** Deletes the keys, drops the schema. */
    @TearDown
    public void tearDown() {
        redis.close();
        Services.deletePrefix(client, prefix);
        client.shutdown();
        Services.drop(pg);
    }

    // ---------------------------------------------------------------- the floors

    /**
     * The round trips of EndToEndBench.cold: keyset query, MGET (all miss), store batch.
     *
     * @return rows and values read
     * @throws Exception if a service fails
     */
    @Benchmark
    public long coldFloor() throws Exception {
        return keyset() + mgetMiss() + storeBatch();
    }

    /**
     * The round trips of EndToEndBench.coldL1WarmL2: keyset query, MGET (all hit).
     *
     * @return rows and values read
     * @throws Exception if a service fails
     */
    @Benchmark
    public long coldL1WarmL2Floor() throws Exception {
        return keyset() + mgetHit();
    }

    // ---------------------------------------------------------------- the pieces

    /**
     * The keyset candidate query, rows stepped over.
     *
     * @return rows
     * @throws SQLException if PostgreSQL fails
     */
    @Benchmark
    public long keyset() throws SQLException {
        try (Connection c = pg.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(pg.source().sql().text())) {
            pg.source().bind(ps, viewer, Keyset.START, LIMIT + 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rows(rs);
            }
        }
    }

    /**
     * The store's five-statement batch in one round trip, every result's rows stepped over.
     *
     * @return rows
     * @throws SQLException if PostgreSQL fails
     */
    @Benchmark
    public long storeBatch() throws SQLException {
        try (Connection c = pg.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(pg.store().batch().text())) {
            pg.store().bind(ps, keys);
            ps.execute();
            long n = 0;
            do {
                try (ResultSet rs = ps.getResultSet()) {
                    n += rows(rs);
                }
            } while (ps.getMoreResults());
            return n;
        }
    }

    /**
     * One MGET of the page's keys, none of which exists.
     *
     * @return values found (0)
     * @throws Exception if Redis fails
     */
    @Benchmark
    public long mgetMiss() throws Exception {
        return mget(missKeys);
    }

    /**
     * One MGET of the page's keys, all of which exist.
     *
     * @return values found
     * @throws Exception if Redis fails
     */
    @Benchmark
    public long mgetHit() throws Exception {
        return mget(hitKeys);
    }

    /**
     * For reference, in neither floor: the cold page's Redis write (the writer thread's EVAL of the
     * page's values with their tombstone checks), sent and awaited.
     *
     * @return entries written
     * @throws Exception if Redis fails
     */
    @Benchmark
    public long redisWrite() throws Exception {
        return redis.async().<Long>eval(WRITE_SCRIPT, io.lettuce.core.ScriptOutputType.INTEGER, writeKeys, writeArgs)
                .get(5, TimeUnit.SECONDS);
    }

    private long mget(byte[][] redisKeys) throws InterruptedException, ExecutionException, TimeoutException {
        return count(redis.async().mget(redisKeys).get(5, TimeUnit.SECONDS));
    }

    private static long count(List<KeyValue<byte[], byte[]>> values) {
        long n = 0;
        for (KeyValue<byte[], byte[]> kv : values) {
            n += kv.hasValue() ? 1 : 0;
        }
        return n;
    }

    private static long rows(ResultSet rs) throws SQLException {
        long n = 0;
        while (rs.next()) {
            n++;
        }
        return n;
    }
}
