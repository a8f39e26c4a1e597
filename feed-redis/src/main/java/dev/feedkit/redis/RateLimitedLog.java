package dev.feedkit.redis;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Logs one kind of warning at most once per interval, with how many were suppressed. Thread-safe. */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
    }

    void warn(String message, Object detail) {
        long now = System.nanoTime();
        long at = next.get();
        if ((at != Long.MIN_VALUE && now - at < 0) || !next.compareAndSet(at, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        log.warn("{}: {} ({} similar warnings suppressed since the last one)", message, detail, suppressed.getAndSet(0));
    }
}
