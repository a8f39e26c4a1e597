package dev.feedkit.bench;

import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.redis.RedisCacheTier;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/*
 * L2 on the real Redis (FEEDKIT_REDIS_URL): RedisCacheTier.getAll of one 20-item page's 44 keys
 * (one MGET, values decoded into the pipeline's sink) against one synchronous GET per key on a
 * Lettuce connection (44 round trips, values left undecoded: the baseline gets the cheaper half).
 * Scores are per page. Keys live under a unique prefix deleted in @TearDown with SCAN+DEL. The
 * tier's read timeout is raised from 5 ms to 200 ms so that a busy benchmark machine measures
 * reads, not timeouts; setup fails if any key misses.
 */

/** Batched L2 read vs one GET per key, on real Redis. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class L2Bench {
    private static final long VIEWER = 7;

    private RedisClient client;
    private String prefix;
    private RedisCacheTier tier;
    private StatefulRedisConnection<byte[], byte[]> connection;
    private RedisCommands<byte[], byte[]> redis;
    private EntityKeys keys;
    private Entities sink;
    private byte[][] rawKeys;

    /**
     * Writes the page's entities through the tier and waits until every key reads back.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @Setup
    public void setUp() throws InterruptedException {
        client = Services.redis();
        prefix = Services.unique("fkbench_l2") + ":";
        tier = RedisCacheTier.newBuilder().client(client).keyPrefix(prefix).timeout(Duration.ofMillis(200)).build();
        connection = client.connect(ByteArrayCodec.INSTANCE);
        redis = connection.sync();
        FeedPage page = BenchPages.page(20);
        keys = EntityKeys.of(VIEWER, page.items().stream().mapToLong(it -> it.post().id()).toArray(),
                page.items().stream().mapToLong(it -> it.author().id()).toArray());
        sink = Entities.of(keys);
        Entities loaded = Entities.of(keys);
        for (FeedItem it : page.items()) {
            loaded.post(it.post());
            loaded.author(it.author());
            loaded.relationship(it.author().id(), it.viewer());
        }
        List<byte[]> raw = new ArrayList<>();
        for (int i = 0; i < keys.size(EntityKind.POST); i++) {
            raw.add(key("{p:" + keys.id(EntityKind.POST, i) + "}"));
        }
        for (int i = 0; i < keys.size(EntityKind.AUTHOR); i++) {
            raw.add(key("{u:" + keys.id(EntityKind.AUTHOR, i) + "}"));
        }
        for (int i = 0; i < keys.size(EntityKind.RELATIONSHIP); i++) {
            raw.add(key("{r:" + VIEWER + ":" + keys.id(EntityKind.RELATIONSHIP, i) + "}"));
        }
        rawKeys = raw.toArray(new byte[0][]);
        tier.putAll(loaded, 1);
        awaitAllHits();
        for (byte[] k : rawKeys) {
            if (redis.get(k) == null) {
                throw new IllegalStateException("baseline key " + new String(k, StandardCharsets.UTF_8) + " is missing");
            }
        }
    }

    private void awaitAllHits() throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            getAll();
            if (sink.count() == keys.size()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Redis at " + Services.REDIS_URL + " did not return all " + keys.size()
                + " keys within 5 s: " + tier.stats());
    }

    private byte[] key(String tail) {
        return (prefix + "v2:" + tail).getBytes(StandardCharsets.UTF_8); // RedisCacheTier's format-2 namespace
    }

    /** Deletes the benchmark's keys and closes the connections. */
    @TearDown
    public void tearDown() {
        System.out.println("# L2 tier stats: " + tier.stats());
        tier.close();
        connection.close();
        Services.deletePrefix(client, prefix);
        client.shutdown();
    }

    /**
     * feedkit's L2: one batched read of the page's keys, decoded into the sink.
     *
     * @return the sink
     */
    @Benchmark
    public Entities batched() {
        return getAll();
    }

    private Entities getAll() {
        sink.reset(keys);
        tier.getAll(keys, sink);
        return sink;
    }

    /**
     * Baseline: one synchronous GET per key.
     *
     * @param bh consumes the values
     */
    @Benchmark
    public void getPerKey(Blackhole bh) {
        for (byte[] k : rawKeys) {
            bh.consume(redis.get(k));
        }
    }
}
