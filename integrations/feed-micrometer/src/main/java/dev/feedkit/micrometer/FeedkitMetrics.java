package dev.feedkit.micrometer;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedListener;
import dev.feedkit.FeedStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/*
 * Two halves, because the assembler fixes its listeners when it is built: the per-page figures
 * (stage timers, stale pages, pre-warmed pages used or wasted) arrive through this FeedListener,
 * and everything the assembler counts itself (L1, pre-warm pool, store breaker, fan-out) is read
 * from its stats accessors when the registry is scraped, by function counters and gauges that
 * cost nothing between scrapes. L1 follows Micrometer's cache conventions through its
 * CacheMeterBinder (cache.gets/puts/evictions/size, tag cache=feedkit.l1), as CaffeineCacheMetrics
 * does. Redis L2 figures come from RedisTierMetrics, a separate class so that this one loads
 * without feed-redis on the class path.
 */

/**
 * Micrometer meters for a {@link FeedAssembler}: a {@link FeedListener} that times each page's
 * stages, plus {@link #monitor} for the assembler's own counters.
 *
 * <pre>{@code
 * FeedkitMetrics metrics = FeedkitMetrics.create(registry);
 * FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store)
 *     .listener(metrics)                      // stage timers, pre-warmed pages used or wasted
 *     .build();
 * metrics.monitor(feeds);                     // L1, pre-warm pool, store breaker, fan-out
 * }</pre>
 *
 * <p>Meters (every one carries the tags given to {@link #create(MeterRegistry, Iterable)}):
 * <ul>
 * <li>{@code feedkit.page{stage=source|l1|l2|store|filter|write}}: a timer per stage, one
 *     record per page ({@code write} only for pages written by {@link FeedAssembler#write});</li>
 * <li>{@code feedkit.pages.stale}: pages served from stale candidates because the source failed;</li>
 * <li>{@code feedkit.prewarm.pages{result=used|wasted}}: pre-warmed pages asked for before they
 *     expired, or not;</li>
 * <li>{@code cache.gets{cache=feedkit.l1,result=hit|miss}}, {@code cache.puts},
 *     {@code cache.evictions}, {@code cache.size} and {@code feedkit.l1.weight} (bytes);</li>
 * <li>{@code feedkit.prewarm.submitted}, {@code .dropped}, {@code .completed} and the gauge
 *     {@code feedkit.prewarm.ttl.multiplier};</li>
 * <li>{@code feedkit.circuit.open{circuit=store}} (1 while open), {@code feedkit.circuit.opened},
 *     {@code feedkit.circuit.rejected};</li>
 * <li>{@code feedkit.fanout.queue.depth} and {@code feedkit.fanout.retry.pending} (gauges),
 *     {@code feedkit.fanout.jobs}, {@code feedkit.fanout.queue.full} (jobs deferred to the retry
 *     list) and {@code feedkit.fanout.lost} (jobs given up).</li>
 * </ul>
 * Thread-safe.
 */
public final class FeedkitMetrics implements FeedListener {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer source;
    private final Timer l1;
    private final Timer l2;
    private final Timer store;
    private final Timer filter;
    private final Timer write;
    private final Counter stalePages;
    private final Counter prewarmUsed;
    private final Counter prewarmWasted;

    private FeedkitMetrics(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        this.source = stage("source");
        this.l1 = stage("l1");
        this.l2 = stage("l2");
        this.store = stage("store");
        this.filter = stage("filter");
        this.write = stage("write");
        this.stalePages = Counter.builder("feedkit.pages.stale").tags(tags)
                .description("Pages served from stale candidates because the source failed").register(registry);
        this.prewarmUsed = prewarmPages("used", "Pre-warmed pages asked for before they expired");
        this.prewarmWasted = prewarmPages("wasted", "Pre-warmed pages that expired before they were asked for");
    }

    /**
     * Returns a listener that records into {@code registry}; add it to the assembler's builder.
     *
     * @param registry where the meters go
     * @return the listener
     */
    public static FeedkitMetrics create(MeterRegistry registry) {
        return create(registry, Tags.empty());
    }

    /**
     * Returns a listener that records into {@code registry} with {@code tags} on every meter, such
     * as {@code feed=home} for a host with several assemblers.
     *
     * @param registry where the meters go
     * @param tags extra tags of every meter
     * @return the listener
     */
    public static FeedkitMetrics create(MeterRegistry registry, Iterable<Tag> tags) {
        return new FeedkitMetrics(Objects.requireNonNull(registry, "registry"), Tags.of(Objects.requireNonNull(tags, "tags")));
    }

    /**
     * Registers the meters that read {@code feeds}' own counters: L1, pre-warm pool, store
     * circuit breaker and fan-out. They hold {@code feeds} weakly, as Micrometer's function meters
     * do.
     *
     * @param feeds the assembler this listener was added to
     * @return this
     */
    public FeedkitMetrics monitor(FeedAssembler feeds) {
        Objects.requireNonNull(feeds, "feeds");
        new L1Meters(feeds, tags).bindTo(registry);
        counter("feedkit.prewarm.submitted", feeds, f -> f.prewarmStats().submitted(), "Pre-warm jobs accepted", tags);
        counter("feedkit.prewarm.dropped", feeds, f -> f.prewarmStats().dropped(),
                "Pre-warm jobs dropped because the pool's queue was full", tags);
        counter("feedkit.prewarm.completed", feeds, f -> f.prewarmStats().completed(), "Pre-warm jobs finished", tags);
        gauge("feedkit.prewarm.ttl.multiplier", feeds, f -> f.prewarmStats().ttlMultiplier(),
                "The TTL multiplier pre-warmed entries get now (grows while jobs are dropped)", tags);
        Tags store = tags.and("circuit", "store");
        gauge("feedkit.circuit.open", feeds, f -> f.health().storeAvailable() ? 0 : 1,
                "1 while the circuit breaker is open", store);
        counter("feedkit.circuit.opened", feeds, f -> f.health().storeCircuitOpened(), "Times the breaker opened", store);
        counter("feedkit.circuit.rejected", feeds, f -> f.health().storeCallsRejected(),
                "Calls failed at once because the breaker was open", store);
        gauge("feedkit.fanout.queue.depth", feeds, f -> f.timelineStats().queued(),
                "Timeline jobs waiting in the fan-out pool's queue", tags);
        gauge("feedkit.fanout.retry.pending", feeds, f -> f.timelineStats().pending(),
                "Timeline jobs waiting in the retry list", tags);
        counter("feedkit.fanout.jobs", feeds, f -> f.timelineStats().jobs(), "Timeline write-path jobs submitted", tags);
        counter("feedkit.fanout.queue.full", feeds, f -> f.timelineStats().queueFull(),
                "Timeline jobs that found the fan-out queue full and went to the retry list", tags);
        counter("feedkit.fanout.lost", feeds, f -> f.timelineStats().lost(),
                "Timeline jobs given up because the retry list was full", tags);
        return this;
    }

    /**
     * Records the page's stage times, and counts it if its candidates were stale.
     *
     * @param st the page's figures
     */
    @Override
    public void onPage(FeedStats st) {
        source.record(st.sourceNanos(), TimeUnit.NANOSECONDS);
        l1.record(st.l1Nanos(), TimeUnit.NANOSECONDS);
        l2.record(st.l2Nanos(), TimeUnit.NANOSECONDS);
        store.record(st.storeNanos(), TimeUnit.NANOSECONDS);
        filter.record(st.filterNanos(), TimeUnit.NANOSECONDS);
        if (st.writeNanos() > 0) {
            write.record(st.writeNanos(), TimeUnit.NANOSECONDS);
        }
        if (st.staleCandidates()) {
            stalePages.increment();
        }
    }

    /**
     * Counts a pre-warmed page as used or wasted.
     *
     * @param used whether it was asked for before it expired
     */
    @Override
    public void onPrewarmedPage(boolean used) {
        (used ? prewarmUsed : prewarmWasted).increment();
    }

    private Timer stage(String stage) {
        return Timer.builder("feedkit.page").tags(tags).tag("stage", stage)
                .description("Time per page in one stage of the pipeline").register(registry);
    }

    private Counter prewarmPages(String result, String description) {
        return Counter.builder("feedkit.prewarm.pages").tags(tags).tag("result", result).description(description)
                .register(registry);
    }

    private void counter(String name, FeedAssembler feeds, ToDoubleFunction<FeedAssembler> f, String description,
            Tags t) {
        FunctionCounter.builder(name, feeds, f).tags(t).description(description).register(registry);
    }

    private void gauge(String name, FeedAssembler feeds, ToDoubleFunction<FeedAssembler> f, String description, Tags t) {
        Gauge.builder(name, feeds, f).tags(t).description(description).register(registry);
    }
}
