package dev.feedkit.examples;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo server's executor: a fixed number of threads and a bounded queue, which sheds load
 * instead of queueing forever.
 *
 * <p>Why not simply reject: the JDK {@code HttpServer} answers a rejected exchange by closing
 * the connection, which a client cannot tell from a crash. So a rejected exchange is run on the
 * server's dispatcher thread with a thread-local flag set, and the handler, seeing
 * {@link #isShedding()}, answers 503 with {@code Retry-After} at once without assembling a page.
 * That costs the dispatcher one header parse and one small write per shed request.
 */
final class SheddingExecutor {
    private static final ThreadLocal<Boolean> SHEDDING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private SheddingExecutor() {
    }

    /** Returns a pool of {@code threads} non-daemon threads and a queue of {@code queue} exchanges. */
    static ThreadPoolExecutor create(int threads, int queue) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue), named("feedkit-demo-http"), shed());
    }

    /** @return whether the current thread runs an exchange that the pool had no room for */
    static boolean isShedding() {
        return SHEDDING.get();
    }

    private static RejectedExecutionHandler shed() {
        return (exchange, pool) -> {
            SHEDDING.set(Boolean.TRUE);
            try {
                exchange.run();
            } finally {
                SHEDDING.set(Boolean.FALSE);
            }
        };
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, prefix + "-" + n.incrementAndGet());
    }
}
