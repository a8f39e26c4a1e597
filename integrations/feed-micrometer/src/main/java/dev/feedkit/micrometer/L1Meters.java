package dev.feedkit.micrometer;

import dev.feedkit.FeedAssembler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

/** The L1 in Micrometer's cache conventions ({@code cache=feedkit.l1}), plus its weight in bytes. */
final class L1Meters extends CacheMeterBinder<FeedAssembler> {

    L1Meters(FeedAssembler feeds, Tags tags) {
        super(feeds, "feedkit.l1", tags);
    }

    @Override
    protected Long size() {
        FeedAssembler f = getCache();
        return f == null ? null : f.l1Stats().size();
    }

    @Override
    protected long hitCount() {
        FeedAssembler f = getCache();
        return f == null ? 0 : f.l1Stats().hits();
    }

    @Override
    protected Long missCount() {
        FeedAssembler f = getCache();
        return f == null ? null : f.l1Stats().misses();
    }

    @Override
    protected Long evictionCount() {
        FeedAssembler f = getCache();
        return f == null ? null : f.l1Stats().evictions();
    }

    @Override
    protected long putCount() {
        FeedAssembler f = getCache();
        return f == null ? 0 : f.l1Stats().puts();
    }

    @Override
    protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
        Gauge.builder("feedkit.l1.weight", getCache(), f -> f.l1Stats().weight()).tags(getTagsWithCacheName())
                .baseUnit(BaseUnits.BYTES)
                .description("Estimated bytes the L1 holds, against FeedAssembler.Builder.l1MaximumWeight")
                .register(registry);
    }
}
