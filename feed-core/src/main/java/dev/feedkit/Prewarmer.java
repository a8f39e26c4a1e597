package dev.feedkit;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/*
 * After a page is served, its successor is likely next: load its candidates and entities into the
 * caches on a bounded pool. When the pool's queue is full the job is dropped (the next request
 * loads on demand), and - the write-up's load-adaptive TTL - each drop doubles the TTL given to
 * pre-warmed entries, up to a maximum, so that under pressure cached data lives longer and the
 * store is asked less. A successful pre-warm resets the multiplier to 1.
 */

/** The next-page pre-warmer. Thread-safe. */
final class Prewarmer {
    /** Loads one page's candidates and entities; provided by the pipeline. */
    interface Job {
        /** Returns the number of keys loaded from below L1. */
        int run(long viewerId, Keyset after, int limit, int ttlMultiplier);
    }

    private final ThreadPoolExecutor pool;
    private final Job job;
    private final int maxMultiplier;
    private final List<FeedListener> listeners;
    private final FeedTracer tracer;
    private final AtomicInteger multiplier = new AtomicInteger(1);
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Prewarmer.class);

    /** {@code tracer} (null when none is set) links each job's span to the page that submitted it. */
    Prewarmer(int threads, int queue, int maxMultiplier, Job job, List<FeedListener> listeners, FeedTracer tracer) {
        this.tracer = tracer;
        this.pool = Threads.boundedPool("feedkit-prewarm", threads, queue);
        this.job = job;
        this.maxMultiplier = maxMultiplier;
        this.listeners = listeners;
    }

    /** Queues a pre-warm of the page after {@code after}, or drops it if the queue is full. */
    void submit(long viewerId, Keyset after, int limit) {
        submitted.incrementAndGet();
        try {
            Runnable r = () -> run(viewerId, after, limit);
            pool.execute(tracer == null ? r : tracer.link(r));
        } catch (RejectedExecutionException e) {
            submitted.decrementAndGet();
            dropped.incrementAndGet();
            int m = multiplier.updateAndGet(x -> Math.min(maxMultiplier, x * 2));
            for (FeedListener l : listeners) {
                l.onPrewarmDropped(m);
            }
        }
    }

    private void run(long viewerId, Keyset after, int limit) {
        try {
            int loaded = job.run(viewerId, after, limit, multiplier.get());
            completed.incrementAndGet();
            multiplier.set(1);
            for (FeedListener l : listeners) {
                l.onPrewarmed(loaded);
            }
        } catch (RuntimeException e) {
            log.debug("pre-warm of viewer {} failed: {}", viewerId, e.toString());
        }
    }

    int ttlMultiplier() {
        return multiplier.get();
    }

    long submitted() {
        return submitted.get();
    }

    long dropped() {
        return dropped.get();
    }

    long completed() {
        return completed.get();
    }

    void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
