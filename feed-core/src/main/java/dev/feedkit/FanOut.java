package dev.feedkit;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Why retry, then distrust. A write-path call returns at once; its job runs on a bounded pool.
 * Every job is idempotent (a push, a merge or a removal applied twice leaves the same timelines)
 * and resumable (a fan-out remembers the last follower it reached), so:
 *  - a job that finds the queue full goes to a retry list instead of being dropped (counted as
 *    queueFull);
 *  - a job that fails (the timeline store or the follower source is down) goes to the retry list
 *    too, and carries on from the batch that failed;
 *  - a retry thread hands the list back to the pool every 100 ms, oldest first;
 *  - only when the retry list itself is full (100,000 jobs) is a job given up (counted as lost);
 *    then this instance stops trusting every timeline it has not rebuilt since, and rebuilds each
 *    one from the keyset source on its next read. A timeline is never left missing a post for good.
 */

/** Runs the write path's jobs off the caller's thread. Thread-safe. */
final class FanOut {
    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);
    private static final int MAX_PENDING = 100_000;

    /** One unit of write-path work; {@link #run} returns normally only when all of it is done. */
    interface Job {
        /** Does the rest of the work; throws if part of it failed, keeping what is done. */
        void run(Deadline deadline);
    }

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService retrier;
    private final Supplier<Deadline> deadlines;
    private final Runnable onLost;
    private final Queue<Job> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    /*
     * Jobs handed to the pool and not finished. The pool's own figures cannot tell idleness: a job
     * handed to a new worker, or just taken from the queue, is neither queued nor active until the
     * worker locks itself, so "queue empty and no active worker" held while a drop was about to run.
     */
    private final AtomicInteger running = new AtomicInteger();
    final LongAdder submitted = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder queueFull = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder lost = new LongAdder();

    FanOut(int threads, int queue, Supplier<Deadline> deadlines, Runnable onLost) {
        this.pool = Threads.boundedPool("feedkit-fanout", threads, queue);
        this.deadlines = deadlines;
        this.onLost = onLost;
        this.retrier = Executors.newSingleThreadScheduledExecutor(Threads.daemons("feedkit-fanout-retry"));
        retrier.scheduleWithFixedDelay(this::retry, 100, 100, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code task} on the pool, counted in {@link #idle()} like a job: for rebuilds, which may
     * be dropped when the pool is full.
     *
     * @throws RejectedExecutionException if the pool's queue is full
     */
    void execute(Runnable task) {
        running.incrementAndGet();
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    running.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            running.decrementAndGet();
            throw e;
        }
    }

    /** Runs {@code job} on the pool, or keeps it for a retry if the queue is full. */
    void submit(Job job) {
        submitted.increment();
        if (!offer(job)) {
            queueFull.increment();
            keep(job);
            running.decrementAndGet();   // after keep: pending or running covers the job throughout
        }
    }

    /** @return jobs waiting for a retry */
    int pending() {
        return pendingCount.get();
    }

    /** @return jobs waiting in the pool's queue */
    int queued() {
        return pool.getQueue().size();
    }

    /** @return whether no job or rebuild is queued or running, and none waits for a retry */
    boolean idle() {
        return running.get() == 0 && pendingCount.get() == 0;
    }

    /** Hands {@code job} to the pool, counted as running; on false the caller decrements it once it kept the job. */
    private boolean offer(Job job) {
        running.incrementAndGet();
        try {
            pool.execute(() -> run(job));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void run(Job job) {
        try {
            job.run(deadlines.get());
            completed.increment();
        } catch (RuntimeException e) {
            failures.increment();
            LOG.debug("a timeline job failed and will be retried: {}", e.toString());
            keep(job);
        } finally {
            running.decrementAndGet();
        }
    }

    private void keep(Job job) {
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pendingCount.decrementAndGet();
            lost.increment();
            LOG.warn("the timeline retry list is full; timelines will be rebuilt from the source");
            onLost.run();
            return;
        }
        pending.add(job);
    }

    private void retry() {
        for (Job job = pending.peek(); job != null; job = pending.peek()) {
            if (!offer(job)) {
                running.decrementAndGet();   // the job is still in the retry list
                return;
            }
            pending.poll();
            pendingCount.decrementAndGet();
        }
    }

    void close() {
        retrier.shutdownNow();
        pool.shutdownNow();
    }
}
