package dev.feedkit.examples;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo server's request pool: a fixed number of threads and a bounded queue, which sheds load
 * instead of queueing forever.
 *
 * <p>It rejects with {@link java.util.concurrent.RejectedExecutionException} (the abort policy),
 * and the caller, a Jetty thread that has already parsed the request, answers 503 with an
 * asynchronous write. So shedding costs no pool thread, never runs on the selector or acceptor,
 * and never waits for a slow client: a client that does not read its 503 holds only its own
 * connection, until the idle timeout.
 */
final class SheddingExecutor {
    private SheddingExecutor() {
    }

    /** Returns a pool of {@code threads} non-daemon threads and a queue of {@code queue} tasks. */
    static ThreadPoolExecutor create(int threads, int queue) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue), named("feedkit-demo-http"), new ThreadPoolExecutor.AbortPolicy());
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, prefix + "-" + n.incrementAndGet());
    }
}
