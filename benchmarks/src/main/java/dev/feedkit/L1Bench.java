package dev.feedkit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.feedkit.bench.BenchPages;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/*
 * The L1 hit path, per key: CaffeineTier.getAll over one 20-item page's keys (20 posts, 12
 * authors, 12 relationships), every one a hit, each put into the slot of its key in the page's
 * Entities (aligned with the keys, as the pipeline's working set is; the reset of that batch is
 * timed too) - against raw Caffeine getIfPresent of as many pre-boxed keys from a plain
 * size-bounded cache. Scores are per key (@OperationsPerInvocation).
 *
 * The row "l1HitPathNoSink" (L1 into a sink that dropped everything) is gone with the sink
 * interface: delivery is now one array store per hit, where it was a LongSet hash insert that cost
 * about as much as the lookup itself. The other rows stay as they were: raw Caffeine built with
 * L1's first configuration (weigher and Caffeine's per-entry expiry), which these rows showed to
 * cost ~12x a plain cache, and candidate fixes on raw Caffeine: that configuration with a coarse
 * (1 ms) ticker, a single expireAfterWrite, and a deadline stored in the value and checked
 * against one clock read per page (the fix CaffeineTier adopted). The class sits in feed-core's
 * package to reach the package-private CaffeineTier, the way the pipeline calls it.
 *
 * Where l1HitPath's time goes beyond rawCaffeine (throwaway factorial rows, same keys, quiet runs):
 * raw with a store of each value into an array instead of the Blackhole ~1.4x; a (kind, id, viewer)
 * probe key instead of the identical stored Long (an equals call per hit, and ~1.2 nodes visited
 * per lookup where the baseline's sequential Longs fill distinct buckets) ~1.7x lookup only; the
 * deadline read through a value wrapper +~1.5 ns, which CaffeineTier no longer has (the deadline
 * now lives in the stored key and the probe's equals reads it). Caffeine's read path itself is the
 * same for both caches: with the frequency sketch not yet initialized both skip the read buffer,
 * and -XX:+PrintInlining shows getAll fully inlined down to Key.equals.
 */

/** L1 hit path per key vs raw Caffeine getIfPresent per key. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class L1Bench {
    private static final int KEYS = 44;

    private CaffeineTier l1;
    private EntityKeys keys;
    private Entities sink;
    private Cache<Long, Object> raw;
    private Cache<Long, Object> rawLikeL1;
    private Cache<Long, Object> rawLikeL1CoarseTicker;
    private Cache<Long, Object> rawWriteTtl;
    private Cache<Long, Expiring> rawDeadline;
    private Thread clock;
    private volatile long coarseNanos = System.nanoTime();
    private Long[] rawKeys;

    /** Fills both caches with the page's entities. */
    @Setup
    public void setUp() {
        FeedPage page = BenchPages.page(20);
        long viewer = 7;
        l1 = new CaffeineTier(64L << 20, new Ttl(Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(5)),
                Ticker.systemTicker());
        raw = Caffeine.newBuilder().maximumSize(100_000).build();
        rawLikeL1 = Caffeine.newBuilder().maximumWeight(64L << 20).weigher(CaffeineTier::weigh)
                .expireAfter(Expiry.creating((Long k, Object v) -> Duration.ofMinutes(5))).build();
        rawLikeL1CoarseTicker = Caffeine.newBuilder().maximumWeight(64L << 20).weigher(CaffeineTier::weigh)
                .expireAfter(Expiry.creating((Long k, Object v) -> Duration.ofMinutes(5)))
                .ticker(() -> coarseNanos).build();
        rawWriteTtl = Caffeine.newBuilder().maximumWeight(64L << 20).weigher(CaffeineTier::weigh)
                .expireAfterWrite(Duration.ofMinutes(5)).build();
        rawDeadline = Caffeine.newBuilder().maximumWeight(64L << 20)
                .weigher((Long k, Expiring v) -> CaffeineTier.weigh(k, v.value)).build();
        clock = new Thread(this::tick, "coarse-clock");
        clock.setDaemon(true);
        clock.start();
        keys = new EntityKeys();
        keys.reset(viewer);
        for (FeedItem it : page.items()) {
            keys.add(EntityKind.POST, it.post().id());
            keys.add(EntityKind.AUTHOR, it.author().id());
            keys.add(EntityKind.RELATIONSHIP, it.author().id());
        }
        Entities loaded = Entities.of(keys);
        for (FeedItem it : page.items()) {
            loaded.post(it.post());
            loaded.author(it.author());
            loaded.relationship(it.author().id(), it.viewer());
        }
        l1.putAll(loaded, 1);
        if (keys.size() != KEYS) {
            throw new IllegalStateException("the page has " + keys.size() + " keys, the benchmark divides by " + KEYS);
        }
        rawKeys = new Long[KEYS];
        int posts = keys.size(EntityKind.POST);
        for (int i = 0; i < KEYS; i++) {
            rawKeys[i] = Long.valueOf(1_000_000L + i);
            Object value = i < posts ? loaded.valueAt(EntityKind.POST, i) : loaded.valueAt(EntityKind.AUTHOR, 0);
            raw.put(rawKeys[i], value);
            rawLikeL1.put(rawKeys[i], value);
            rawLikeL1CoarseTicker.put(rawKeys[i], value);
            rawWriteTtl.put(rawKeys[i], value);
            rawDeadline.put(rawKeys[i], new Expiring(value, System.nanoTime() + Duration.ofMinutes(5).toNanos()));
        }
        sink = Entities.of(keys);
        l1.getAll(keys, sink);
        int hits = sink.count();
        if (hits != KEYS) {
            throw new IllegalStateException("L1 answered " + hits + " of " + KEYS + " keys");
        }
    }

    /**
     * feedkit's L1: getAll of the page's keys into the page's working set, reset first as the
     * pipeline does.
     *
     * @return the working set
     */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public Entities l1HitPath() {
        sink.reset(keys);
        l1.getAll(keys, sink);
        return sink;
    }

    /**
     * Baseline: raw Caffeine getIfPresent per key.
     *
     * @param bh consumes the values
     */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public void rawCaffeine(Blackhole bh) {
        Long[] k = rawKeys;
        for (int i = 0; i < k.length; i++) {
            bh.consume(raw.getIfPresent(k[i]));
        }
    }

    /**
     * Raw Caffeine getIfPresent per key on a cache configured as L1 first was (weigher, per-entry
     * expiry).
     *
     * @param bh consumes the values
     */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public void rawCaffeineLikeL1(Blackhole bh) {
        Long[] k = rawKeys;
        for (int i = 0; i < k.length; i++) {
            bh.consume(rawLikeL1.getIfPresent(k[i]));
        }
    }

    /**
     * Raw Caffeine configured like L1 but reading a clock that a background thread advances every
     * millisecond instead of System.nanoTime on every read: one candidate fix.
     *
     * @param bh consumes the values
     */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public void rawCaffeineLikeL1CoarseTicker(Blackhole bh) {
        Long[] k = rawKeys;
        for (int i = 0; i < k.length; i++) {
            bh.consume(rawLikeL1CoarseTicker.getIfPresent(k[i]));
        }
    }

    /**
     * Raw Caffeine with L1's weigher but one fixed expireAfterWrite instead of per-entry expiry.
     *
     * @param bh consumes the values
     */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public void rawCaffeineWriteTtl(Blackhole bh) {
        Long[] k = rawKeys;
        for (int i = 0; i < k.length; i++) {
            bh.consume(rawWriteTtl.getIfPresent(k[i]));
        }
    }

    /**
     * Raw size-bounded Caffeine whose values carry their own deadline, checked against one clock
     * read per page instead of one per key: another candidate fix (expired values read as misses).
     *
     * @param bh consumes the values
     */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public void rawCaffeineDeadlineInValue(Blackhole bh) {
        long now = System.nanoTime();
        Long[] k = rawKeys;
        for (int i = 0; i < k.length; i++) {
            Expiring e = rawDeadline.getIfPresent(k[i]);
            bh.consume(e != null && e.deadline - now > 0 ? e.value : null);
        }
    }

    /** A value with the time it expires. */
    private static final class Expiring {
        final Object value;
        final long deadline;

        Expiring(Object value, long deadline) {
            this.value = value;
            this.deadline = deadline;
        }
    }

    /** Stops the coarse clock. */
    @org.openjdk.jmh.annotations.TearDown
    public void tearDown() {
        clock.interrupt();
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            coarseNanos = System.nanoTime();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
