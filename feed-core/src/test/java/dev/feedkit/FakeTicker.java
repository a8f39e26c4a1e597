package dev.feedkit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker that moves only when a test advances it. feed-testkit has the public one; core's tests
 * cannot depend on feed-testkit (it depends on core), hence this copy.
 */
final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong();

    FakeTicker advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        return this;
    }

    FakeTicker advanceNanos(long n) {
        nanos.addAndGet(n);
        return this;
    }

    @Override
    public long read() {
        return nanos.get();
    }
}
