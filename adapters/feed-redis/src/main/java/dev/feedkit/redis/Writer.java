package dev.feedkit.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.RedisCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Why one writer thread with a bounded queue: a page must never wait for a write, and a Redis
 * that is slow must not make writes pile up in memory. putAll only copies references into a batch
 * and offers it; a full queue drops the batch (counted). The thread drains what is queued, encodes
 * it, and writes it with one dispatch per node, then waits (bounded) for the answer, so at most one
 * flush per node is in flight. A batch older than maxAgeNanos is dropped instead of written: the
 * tombstone of an invalidation lives longer than that, so a queued stale write cannot outlive it.
 * Before each flush, and every 100 ms when idle, the thread first sends again the invalidations
 * that failed, so that their tombstones are in place before older writes land. Ages and waits are
 * read from the tier's Ticker.
 */

/** The single thread that writes put batches to Redis. */
final class Writer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCacheTier.class);
    private static final int MAX_BATCHES_PER_FLUSH = 64;

    private final BlockingQueue<WriteBatch> queue;
    private final Backend backend;
    private final CircuitBreaker breaker;
    private final long waitNanos;
    private final long maxAgeNanos;
    private final Ticker ticker;
    private final RateLimitedLog encodeFailures;
    private final RateLimitedLog writeFailures;
    private final Runnable beforeFlush;
    private final ValueCodec.Encoder encoder = new ValueCodec.Encoder(); // used by the writer thread only
    private final Thread thread;
    private volatile boolean running = true;
    private volatile CountDownLatch gate;

    final LongAdder written = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder flushes = new LongAdder();

    Writer(Backend backend, CircuitBreaker breaker, int capacity, long waitNanos, long maxAgeNanos,
            Runnable beforeFlush, Ticker ticker) {
        this.ticker = ticker;
        this.encodeFailures = new RateLimitedLog(LOG, TimeUnit.MINUTES.toNanos(1), ticker);
        this.writeFailures = new RateLimitedLog(LOG, TimeUnit.MINUTES.toNanos(1), ticker);
        this.beforeFlush = beforeFlush;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.backend = backend;
        this.breaker = breaker;
        this.waitNanos = waitNanos;
        this.maxAgeNanos = maxAgeNanos;
        this.thread = new Thread(this, "feedkit-redis-writer");
        thread.setDaemon(true);
        thread.start();
    }

    void offer(WriteBatch batch) {
        if (!queue.offer(batch)) {
            dropped.add(batch.keys.length);
        }
    }

    /** Test hook: holds the writer before its next flush until the returned latch is counted down. */
    CountDownLatch hold() {
        CountDownLatch latch = new CountDownLatch(1);
        gate = latch;
        return latch;
    }

    /** @return batches queued and not yet taken */
    int queued() {
        return queue.size();
    }

    void close() {
        running = false;
        thread.interrupt();
    }

    @Override
    public void run() {
        List<WriteBatch> batches = new ArrayList<>(MAX_BATCHES_PER_FLUSH);
        while (running) {
            try {
                beforeFlush.run();
                WriteBatch first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                awaitGate();
                batches.add(first);
                queue.drainTo(batches, MAX_BATCHES_PER_FLUSH - 1);
                write(batches);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                writeFailures.warn("Redis write failed", e.toString());
            } finally {
                batches.clear();
            }
        }
    }

    private void awaitGate() throws InterruptedException {
        CountDownLatch g = gate;
        if (g != null) {
            g.await();
            gate = null;
        }
    }

    private void write(List<WriteBatch> batches) throws InterruptedException {
        Encoded e = encode(batches);
        if (e.size == 0) {
            return;
        }
        if (!breaker.allow()) {
            dropped.add(e.size);
            return;
        }
        boolean ok = dispatch(e);
        if (ok) {
            breaker.success();
            written.add(e.size);
        } else {
            breaker.failure();
            dropped.add(e.size);
        }
    }

    private Encoded encode(List<WriteBatch> batches) {
        int total = 0;
        for (WriteBatch b : batches) {
            total += b.keys.length;
        }
        Encoded e = new Encoded(total);
        long now = ticker.read();
        for (WriteBatch b : batches) {
            if (now - b.createdNanos > maxAgeNanos) {
                dropped.add(b.keys.length);
                continue;
            }
            for (int i = 0; i < b.keys.length; i++) {
                e.add(b.keys[i], encode(b.values[i]), b.ttlMillis[i]);
            }
        }
        return e;
    }

    private byte[] encode(Object value) {
        try {
            return encoder.encode(value);
        } catch (RuntimeException ex) {
            encodeFailures.warn("a cache value could not be encoded and is not written to Redis", ex.toString());
            return null;
        }
    }

    private boolean dispatch(Encoded e) throws InterruptedException {
        long deadline = ticker.read() + waitNanos;
        List<AsyncCommand<byte[], byte[], Long>> sent = new ArrayList<>();
        for (Backend.Route route : backend.route(e.keys())) {
            List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(route.groups().size());
            for (int[] group : route.groups()) {
                AsyncCommand<byte[], byte[], Long> c = Commands.write(e.keys, e.values, e.ttlMillis, group);
                commands.add(c);
                sent.add(c);
            }
            StatefulRedisConnection<byte[], byte[]> connection =
                    RedisCacheTier.await(route.connection().toCompletableFuture(), deadline, ticker, writeFailures);
            if (connection == null) {
                return false;
            }
            connection.dispatch(commands);
            flushes.increment();
        }
        for (AsyncCommand<byte[], byte[], Long> c : sent) {
            if (RedisCacheTier.await(c, deadline, ticker, writeFailures) == null) {
                return false;
            }
        }
        return true;
    }

    /** The encoded entries of one flush; entries that failed to encode are left out. */
    private static final class Encoded {
        final byte[][] keys;
        final byte[][] values;
        final long[] ttlMillis;
        int size;

        Encoded(int capacity) {
            keys = new byte[capacity][];
            values = new byte[capacity][];
            ttlMillis = new long[capacity];
        }

        void add(byte[] key, byte[] value, long ttl) {
            if (value == null) {
                return;
            }
            keys[size] = key;
            values[size] = value;
            ttlMillis[size] = ttl;
            size++;
        }

        byte[][] keys() {
            return size == keys.length ? keys : java.util.Arrays.copyOf(keys, size);
        }
    }
}
