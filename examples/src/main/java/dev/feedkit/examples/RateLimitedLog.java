package dev.feedkit.examples;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs one kind of warning at most once per interval, with how many were suppressed since the
 * last one. Thread-safe. Mirrors feed-redis's RateLimitedLog: during an outage every request
 * fails the same way, and one line a second says as much as ten thousand.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, long intervalNanos, LongSupplier nanoTime) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /** Logs {@code message} and {@code detail} unless a warning was logged less than an interval ago. */
    void warn(String message, Object detail) {
        long now = nanoTime.getAsLong();
        long at = next.get();
        if ((at != Long.MIN_VALUE && now - at < 0) || !next.compareAndSet(at, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        log.warn("{}: {} ({} similar warnings suppressed since the last one)", message, detail, suppressed.getAndSet(0));
    }
}
