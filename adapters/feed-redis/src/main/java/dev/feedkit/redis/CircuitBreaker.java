package dev.feedkit.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/*
 * Why a breaker: with a per-call timeout alone, every request would still wait that timeout while
 * Redis is down. After `threshold` consecutive failures the breaker opens and calls are skipped
 * outright; after the cool-down exactly one call goes through as a probe (half-open): its success
 * closes the breaker, its failure opens it for another cool-down. The cool-down runs on the tier's
 * Ticker.
 */

/** Counts consecutive failures of Redis calls and says whether to try the next one. Thread-safe. */
final class CircuitBreaker {
    private final int threshold;
    private final long coolDownNanos;
    private final Ticker ticker;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong openUntil = new AtomicLong();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicLong opened = new AtomicLong();

    CircuitBreaker(int threshold, long coolDownNanos, Ticker ticker) {
        this.threshold = threshold;
        this.coolDownNanos = coolDownNanos;
        this.ticker = ticker;
    }

    /** @return whether a call may go to Redis now; a {@code true} in the half-open state is the probe */
    boolean allow() {
        long until = openUntil.get();
        if (until == 0) {
            return true;
        }
        if (ticker.read() - until < 0) {
            return false;
        }
        return probing.compareAndSet(false, true);
    }

    void success() {
        failures.set(0);
        openUntil.set(0);
        probing.set(false);
    }

    void failure() {
        if (probing.get() || failures.incrementAndGet() >= threshold) {
            open();
        }
    }

    boolean isOpen() {
        return openUntil.get() != 0;
    }

    long timesOpened() {
        return opened.get();
    }

    private void open() {
        long until = ticker.read() + coolDownNanos;
        if (openUntil.getAndSet(until == 0 ? 1 : until) == 0) {
            opened.incrementAndGet();
        }
        probing.set(false);
    }
}
