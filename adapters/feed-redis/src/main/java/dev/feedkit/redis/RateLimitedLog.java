package dev.feedkit.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Logs one kind of warning at most once per interval, with how many were suppressed. Thread-safe. */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final Ticker ticker;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, long intervalNanos, Ticker ticker) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.ticker = ticker;
    }

    void warn(String message, Object detail) {
        long now = ticker.read();
        long at = next.get();
        if ((at != Long.MIN_VALUE && now - at < 0) || !next.compareAndSet(at, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        log.warn("{}: {} ({} similar warnings suppressed since the last one)", message, detail, suppressed.getAndSet(0));
    }
}
