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
 * authors, 12 relationships), every one a hit, delivered into the pipeline's Entities sink -
 * against raw Caffeine getIfPresent of as many pre-boxed keys from a plain size-bounded cache.
 * Scores are per key (@OperationsPerInvocation). Two more rows locate the difference: the L1
 * delivering into a sink that drops everything (the cost of the sink), and raw Caffeine built
 * with L1's first configuration (weigher and Caffeine's per-entry expiry), which these rows showed
 * to cost ~12x a plain cache; the remaining rows try fixes on raw Caffeine: that configuration
 * with a coarse (1 ms) ticker, a single expireAfterWrite, and a deadline stored in the value and
 * checked against one clock read per page (the fix CaffeineTier adopted). The class sits in feed-core's package to reach
 * the package-private CaffeineTier, the way the pipeline calls it.
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
    private final Entities sink = new Entities();
    private Cache<Long, Object> raw;
    private Cache<Long, Object> rawLikeL1;
    private Cache<Long, Object> rawLikeL1CoarseTicker;
    private Cache<Long, Object> rawWriteTtl;
    private Cache<Long, Expiring> rawDeadline;
    private Thread clock;
    private volatile long coarseNanos = System.nanoTime();
    private final EntitySink nowhere = new Nowhere();
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
        Entities loaded = new Entities();
        loaded.reset(viewer);
        keys = new EntityKeys();
        keys.reset(viewer);
        for (FeedItem it : page.items()) {
            loaded.post(it.post());
            loaded.author(it.author());
            loaded.relationship(it.author().id(), it.viewer());
            keys.posts().add(it.post().id());
            keys.authors().add(it.author().id());
            keys.relationships().add(it.author().id());
        }
        l1.putAll(loaded, 1);
        if (keys.size() != KEYS) {
            throw new IllegalStateException("the page has " + keys.size() + " keys, the benchmark divides by " + KEYS);
        }
        rawKeys = new Long[KEYS];
        for (int i = 0; i < KEYS; i++) {
            rawKeys[i] = Long.valueOf(1_000_000L + i);
            raw.put(rawKeys[i], i < loaded.postCount() ? loaded.postAt(i) : loaded.authorAt(0));
            rawLikeL1.put(rawKeys[i], i < loaded.postCount() ? loaded.postAt(i) : loaded.authorAt(0));
            rawLikeL1CoarseTicker.put(rawKeys[i], i < loaded.postCount() ? loaded.postAt(i) : loaded.authorAt(0));
            rawWriteTtl.put(rawKeys[i], i < loaded.postCount() ? loaded.postAt(i) : loaded.authorAt(0));
            rawDeadline.put(rawKeys[i], new Expiring(i < loaded.postCount() ? loaded.postAt(i) : loaded.authorAt(0),
                    System.nanoTime() + Duration.ofMinutes(5).toNanos()));
        }
        sink.reset(viewer);
        l1.getAll(keys, sink);
        int hits = sink.postCount() + sink.authorCount() + sink.relationshipCount();
        if (hits != KEYS) {
            throw new IllegalStateException("L1 answered " + hits + " of " + KEYS + " keys");
        }
    }

    /**
     * feedkit's L1: getAll of the page's keys into the pipeline's sink.
     *
     * @return the sink
     */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public Entities l1HitPath() {
        sink.reset(7);
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
     * The L1 hit path into a sink that keeps nothing: the lookup without the delivery.
     *
     * @return the L1
     */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public CaffeineTier l1HitPathNoSink() {
        l1.getAll(keys, nowhere);
        return l1;
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

    /** A sink that drops what it is given. */
    private static final class Nowhere implements EntitySink {
        @Override
        public void post(Post post) {
        }

        @Override
        public void author(Author author) {
        }

        @Override
        public void relationship(long authorId, Relationship relationship) {
        }

        @Override
        public void absentPost(long postId) {
        }

        @Override
        public void absentAuthor(long userId) {
        }
    }
}
