package dev.feedkit.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.feedkit.Author;
import dev.feedkit.CacheKey;
import dev.feedkit.CacheTier;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import dev.feedkit.TimelineChange;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design notes.
 * - Reads: every key of a getAll goes out at once: one MGET on a single server; on a cluster one
 *   MGET per slot, written to each node with one dispatch (one flush per node). The caller waits at
 *   most `timeout` for the answers; what has not come by then is a miss.
 * - Writes: putAll copies references and returns; the Writer thread encodes and writes them with a
 *   Lua script that skips keys holding a tombstone (see Commands), one flush per node.
 * - Invalidation: one script sets the tombstone, deletes the value and publishes the key on the
 *   channel; every other tier on that channel hands the key to its assembler, which drops it from
 *   L1 and marks it so that loads started earlier are not cached.
 * - Outages: failures and timeouts feed a circuit breaker; while it is open getAll answers with no
 *   hits at once and putAll drops its batch. Lettuce reconnects and resubscribes by itself.
 * - Bad values: a value of an unknown version or that fails to decode is a miss, logged at most
 *   once a minute; the store's answer is then put and overwrites it.
 * - Time: the breaker's cool-down, the age of queued writes, every wait's deadline and the log rate
 *   limits read one Ticker (Builder.ticker), so tests can pass time without sleeping.
 */

/**
 * A shared L2 {@link CacheTier} on Redis (one server or a Redis Cluster) through Lettuce, with
 * cross-process invalidation over pub/sub. Thread-safe; one per assembler, closed by the host
 * after the assembler.
 *
 * <pre>{@code
 * RedisCacheTier redis = RedisCacheTier.newBuilder().uri("redis://127.0.0.1:6379").keyPrefix("feed:").build();
 * FeedAssembler feeds = FeedAssembler.newBuilder().source(source).store(store).tier(redis)
 *     .cursorKey(cursorKey).build(); // required with a shared tier
 * }</pre>
 *
 * <p>A Redis that is down or slow never fails a request: each read waits at most
 * {@link Builder#timeout(Duration)}, and after {@link Builder#circuitBreaker(int, Duration)
 * consecutive failures} Redis is skipped until a probe succeeds.
 */
public final class RedisCacheTier implements CacheTier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCacheTier.class);
    private static final byte MESSAGE_VERSION = 1;
    /** The first byte of a timeline change message; invalidation messages start with MESSAGE_VERSION. */
    private static final byte TIMELINE_MESSAGE = 2;
    private static final int TIMELINE_HEADER = 22;
    private static final EntityKind[] KINDS = EntityKind.values();
    private static final int MAX_PENDING_INVALIDATIONS = 100_000;
    private static final int MAX_PENDING_TIMELINE_MESSAGES = 10_000;

    private final Backend backend;
    private final ClientResources ownedResources;
    private final RedisKeys keys;
    private final RedisKeys previousKeys;
    private final List<Runnable> resyncs = new CopyOnWriteArrayList<>();
    private final LongAdder resubscribes = new LongAdder();
    private final byte[] channel;
    private final long timeoutNanos;
    private final byte[] tombstoneMillis;
    private final WriteBatch.Ttls ttls;
    private final CircuitBreaker breaker;
    private final Writer writer;
    private final long instanceId = ThreadLocalRandom.current().nextLong();
    private final List<Consumer<CacheKey>> peers = new CopyOnWriteArrayList<>();
    private final List<Consumer<TimelineChange>> timelinePeers = new CopyOnWriteArrayList<>();
    private final LongAdder timelineMessagesSent = new LongAdder();
    private final LongAdder timelineMessagesFailed = new LongAdder();
    private final LongAdder timelineMessagesLost = new LongAdder();
    private final Ticker ticker;
    private final RateLimitedLog decodeFailuresLog;
    private final RateLimitedLog readFailuresLog;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder decodeFailures = new LongAdder();
    private final LongAdder invalidationsSent = new LongAdder();
    private final LongAdder invalidationsReceived = new LongAdder();
    private final LongAdder invalidationsRetried = new LongAdder();
    private final Map<String, LongAdder> readFlushes = new ConcurrentHashMap<>();
    private final Queue<CacheKey> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final Queue<byte[]> pendingTimelineMessages = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingTimelineCount = new AtomicInteger();
    private final LongAdder invalidationsLost = new LongAdder();
    private final RateLimitedLog lostLog;
    private volatile boolean closed;

    private RedisCacheTier(Builder b, Backend backend, ClientResources ownedResources) {
        this.backend = backend;
        this.ownedResources = ownedResources;
        this.ticker = b.ticker;
        this.decodeFailuresLog = new RateLimitedLog(LOG, TimeUnit.MINUTES.toNanos(1), ticker);
        this.readFailuresLog = new RateLimitedLog(LOG, TimeUnit.MINUTES.toNanos(1), ticker);
        this.lostLog = new RateLimitedLog(LOG, TimeUnit.MINUTES.toNanos(1), ticker);
        this.keys = new RedisKeys(RedisKeys.namespace(b.keyPrefix));
        this.previousKeys = new RedisKeys(b.keyPrefix);
        this.channel = (b.channel != null ? b.channel : b.keyPrefix + "invalidations").getBytes(StandardCharsets.UTF_8);
        this.timeoutNanos = b.timeout.toNanos();
        this.tombstoneMillis = Commands.ascii(b.tombstoneTtl.toMillis());
        this.ttls = new WriteBatch.Ttls(b.entityTtl.toMillis(), b.relationshipTtl.toMillis(), b.absentTtl.toMillis());
        this.breaker = new CircuitBreaker(b.breakerFailures, b.breakerCoolDown.toNanos(), ticker);
        long writeWait = writeWaitNanos(b.timeout);
        this.writer = new Writer(backend, breaker, b.writeQueue, writeWait, b.tombstoneTtl.toNanos() - 2 * writeWait,
                this::retryPending, ticker);
        try {
            backend.subscribe(channel, this::onMessage, this::onResubscribed);
            warmUp();
        } catch (RuntimeException e) {
            writer.close();
            backend.close();
            throw e;
        }
    }

    /** Runs one read of an absent key, so that the first page does not pay for loading Lettuce's classes. */
    private void warmUp() {
        byte[][] probe = {keys.post(Long.MIN_VALUE + 1)};
        read(probe, new byte[1][], TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * Returns a builder with the defaults documented on each setter.
     *
     * @return a new builder
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- reads

    /**
     * Reads every key from Redis in one round trip (one flush per node on a cluster), waiting at
     * most the configured timeout. Missing, undecodable and late values are misses; a Redis that
     * is down or whose circuit is open gives no hits.
     *
     * @param wanted what is wanted
     * @param sink receives what is found, aligned with {@code wanted}
     */
    @Override
    public void getAll(EntityKeys wanted, Entities sink) {
        if (wanted.isEmpty() || closed) {
            return;
        }
        if (!breaker.allow()) {
            skipped.add(wanted.size());
            return;
        }
        ReadBatch batch = ReadBatch.of(wanted, keys);
        byte[][] values = new byte[batch.keys.length][];
        boolean ok = read(batch.keys, values, timeoutNanos);
        deliver(batch, values, sink);
        if (ok) {
            breaker.success();
        } else {
            failures.increment();
            breaker.failure();
        }
    }

    private boolean read(byte[][] redisKeys, byte[][] values, long waitNanos) {
        long deadline = ticker.read() + waitNanos;
        List<Backend.Route> routes = backend.route(redisKeys);
        List<AsyncCommand<byte[], byte[], List<KeyValue<byte[], byte[]>>>> sent = new ArrayList<>();
        List<int[]> groups = new ArrayList<>();
        for (Backend.Route route : routes) {
            if (!send(route, redisKeys, deadline, sent, groups)) {
                return false;
            }
        }
        boolean ok = true;
        for (int g = 0; g < sent.size(); g++) {
            List<KeyValue<byte[], byte[]>> answer = await(sent.get(g), deadline, ticker, readFailuresLog);
            ok &= answer != null && collect(answer, groups.get(g), values);
        }
        return ok;
    }

    private boolean send(Backend.Route route, byte[][] redisKeys, long deadline,
            List<AsyncCommand<byte[], byte[], List<KeyValue<byte[], byte[]>>>> sent, List<int[]> groups) {
        StatefulRedisConnection<byte[], byte[]> connection =
                await(route.connection().toCompletableFuture(), deadline, ticker, readFailuresLog);
        if (connection == null) {
            return false;
        }
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(route.groups().size());
        for (int[] group : route.groups()) {
            AsyncCommand<byte[], byte[], List<KeyValue<byte[], byte[]>>> c = Commands.mget(redisKeys, group);
            commands.add(c);
            sent.add(c);
            groups.add(group);
        }
        connection.dispatch(commands);
        readFlushes.computeIfAbsent(route.node(), n -> new LongAdder()).increment();
        return true;
    }

    private static boolean collect(List<KeyValue<byte[], byte[]>> answer, int[] group, byte[][] values) {
        if (answer.size() != group.length) {
            return false;
        }
        for (int i = 0; i < group.length; i++) {
            KeyValue<byte[], byte[]> kv = answer.get(i);
            values[group[i]] = kv.hasValue() ? kv.getValue() : null;
        }
        return true;
    }

    private void deliver(ReadBatch batch, byte[][] values, Entities sink) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                misses.increment();
            } else if (deliver(batch.kinds[i], batch.ids[i], values[i], sink)) {
                hits.increment();
            } else {
                misses.increment();
                decodeFailures.increment();
            }
        }
    }

    private boolean deliver(EntityKind kind, long id, byte[] value, Entities sink) {
        Object decoded;
        try {
            decoded = ValueCodec.decode(value);
        } catch (RuntimeException e) {
            decodeFailuresLog.warn("a Redis cache value could not be decoded and counts as a miss", e.toString());
            return false;
        }
        if (decoded == ValueCodec.ABSENT_MARKER && kind != EntityKind.RELATIONSHIP) {
            sink.absent(kind, id);
            return true;
        }
        if (kind == EntityKind.POST && decoded instanceof Post && ((Post) decoded).id() == id) {
            sink.post((Post) decoded);
        } else if (kind == EntityKind.AUTHOR && decoded instanceof Author && ((Author) decoded).id() == id) {
            sink.author((Author) decoded);
        } else if (kind == EntityKind.RELATIONSHIP && decoded instanceof Relationship) {
            sink.relationship(id, (Relationship) decoded);
        } else {
            decodeFailuresLog.warn("a Redis cache value does not match its key and counts as a miss", kind + " " + id);
            return false;
        }
        return true;
    }

    /**
     * Waits for {@code future} until {@code deadline} on {@code ticker} (the wait itself takes real
     * time: what the ticker says is left); null on failure or timeout (logged, rate-limited).
     */
    static <T> T await(CompletableFuture<T> future, long deadline, Ticker ticker, RateLimitedLog log) {
        try {
            return future.get(Math.max(0, deadline - ticker.read()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (TimeoutException e) {
            log.warn("Redis did not answer in time; this call skips L2", "timeout");
            return null;
        } catch (ExecutionException | RuntimeException e) {
            log.warn("Redis call failed; this call skips L2", String.valueOf(e.getCause() != null ? e.getCause() : e));
            return null;
        }
    }

    // ---------------------------------------------------------------- writes

    /**
     * Queues the batch for the writer thread and returns at once. The batch is dropped (and
     * counted) when the queue is full or the circuit is open.
     *
     * @param loaded what to keep
     * @param ttlMultiplier multiplies each kind's TTL
     */
    @Override
    public void putAll(Entities loaded, int ttlMultiplier) {
        if (loaded.isEmpty() || closed) {
            return;
        }
        WriteBatch batch = WriteBatch.copy(loaded, keys, ttls, Math.max(1, ttlMultiplier), ticker.read());
        if (breaker.isOpen()) {
            writer.dropped.add(batch.keys.length);
            return;
        }
        writer.offer(batch);
    }

    // ---------------------------------------------------------------- invalidation

    /**
     * Deletes the entry from Redis, blocks writes of it for the tombstone TTL, and tells every
     * other tier on the channel, waiting at most four times the timeout (at least 20 ms). When
     * Redis is down, slow or its circuit is open, the key is kept (up to 100,000 keys) and the
     * writer thread sends it again once Redis answers; nothing is thrown.
     *
     * @param key the entry
     */
    @Override
    public void invalidate(CacheKey key) {
        Objects.requireNonNull(key, "key");
        if (closed) {
            return;
        }
        if (breaker.isOpen() || !send(key)) {
            remember(key);
        }
    }

    private boolean send(CacheKey key) {
        byte[] valueKey = keys.of(key);
        byte[] previous = previousKeys.of(key);
        RedisFuture<Long> f = backend.commands().eval(Commands.INVALIDATE_SCRIPT, ScriptOutputType.INTEGER,
                new byte[][] {valueKey, RedisKeys.tombstone(valueKey), previous, RedisKeys.tombstone(previous)},
                tombstoneMillis, channel, message(key));
        if (await(f.toCompletableFuture(), ticker.read() + writeWaitNanos(Duration.ofNanos(timeoutNanos)), ticker,
                readFailuresLog) == null) {
            failures.increment();
            return false;
        }
        invalidationsSent.increment();
        return true;
    }

    private void remember(CacheKey key) {
        if (pendingCount.incrementAndGet() > MAX_PENDING_INVALIDATIONS) {
            pendingCount.decrementAndGet();
            invalidationsLost.increment();
            lostLog.warn("an invalidation could not reach Redis and the retry list is full; the entry lives until "
                    + "its TTL", key);
            return;
        }
        pending.add(key);
    }

    /** Sends the invalidations and timeline messages that failed earlier; run by the writer thread. */
    private void retryPending() {
        retryInvalidations();
        retryTimelineMessages();
    }

    /** Sends the invalidations that failed earlier, oldest first. */
    private void retryInvalidations() {
        if (pending.isEmpty() || closed || !breaker.allow()) {
            return;
        }
        for (CacheKey key = pending.peek(); key != null; key = pending.peek()) {
            if (!send(key)) {
                breaker.failure();
                return;
            }
            pending.poll();
            pendingCount.decrementAndGet();
            invalidationsRetried.increment();
        }
        breaker.success();
    }

    /**
     * Registers the assembler's hook for keys that other processes invalidated.
     *
     * @param local drops a key from this process's L1
     */
    @Override
    public void subscribe(Consumer<CacheKey> local) {
        peers.add(Objects.requireNonNull(local, "local"));
    }

    /**
     * Registers the assembler's hook for gaps in the invalidation channel: it runs each time the
     * pub/sub subscription is re-established after a disconnection, since messages published
     * meanwhile are lost.
     *
     * @param resync drops the assembler's unverifiable cached state
     */
    @Override
    public void subscribeResync(Runnable resync) {
        resyncs.add(Objects.requireNonNull(resync, "resync"));
    }

    private void onResubscribed() {
        resubscribes.increment();
        LOG.info("the invalidation channel was resubscribed after a gap; dropping this process's L1 and kept pages");
        for (Runnable r : resyncs) {
            r.run();
        }
    }

    private byte[] message(CacheKey key) {
        return ByteBuffer.allocate(26).put(MESSAGE_VERSION).put((byte) key.kind().ordinal()).putLong(key.id())
                .putLong(key.viewerId()).putLong(instanceId).array();
    }

    /**
     * Publishes one timeline change on the invalidation channel, one PUBLISH per change, without
     * waiting for it. A change that cannot be sent (Redis down or slow, circuit open) is kept (up to
     * 10,000 messages) and the writer thread sends it again once Redis answers, as it does for
     * invalidations; only past that bound is it dropped (counted and logged), and peers then keep
     * those viewers' first pages until their TTL runs out.
     *
     * @param change what changed
     */
    @Override
    public void publishTimelines(TimelineChange change) {
        Objects.requireNonNull(change, "change");
        if (closed) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(TIMELINE_HEADER + 8 * change.count()).put(TIMELINE_MESSAGE)
                .put((byte) (change.followsChanged() ? 1 : 0)).putLong(change.pulledAuthorId()).putLong(instanceId)
                .putInt(change.count());
        for (int i = 0; i < change.count(); i++) {
            b.putLong(change.viewerIds()[i]);
        }
        byte[] message = b.array();
        if (breaker.isOpen()) {
            rememberTimelineMessage(message);
            return;
        }
        try {
            backend.commands().publish(channel, message).whenComplete((n, e) -> {
                if (e != null) {
                    rememberTimelineMessage(message);
                } else {
                    timelineMessagesSent.increment();
                }
            });
        } catch (RuntimeException e) {
            rememberTimelineMessage(message);
        }
    }

    private void rememberTimelineMessage(byte[] message) {
        timelineMessagesFailed.increment();
        if (pendingTimelineCount.incrementAndGet() > MAX_PENDING_TIMELINE_MESSAGES) {
            pendingTimelineCount.decrementAndGet();
            timelineMessagesLost.increment();
            lostLog.warn("a timeline change could not reach Redis and the retry list is full; peers keep the "
                    + "affected first pages until their TTL", "timeline message");
            return;
        }
        pendingTimelineMessages.add(message);
    }

    /** Sends the timeline messages that failed earlier, oldest first. */
    private void retryTimelineMessages() {
        if (pendingTimelineMessages.isEmpty() || closed || !breaker.allow()) {
            return;
        }
        for (byte[] m = pendingTimelineMessages.peek(); m != null; m = pendingTimelineMessages.peek()) {
            RedisFuture<Long> f = backend.commands().publish(channel, m);
            if (await(f.toCompletableFuture(), ticker.read() + writeWaitNanos(Duration.ofNanos(timeoutNanos)), ticker,
                    readFailuresLog) == null) {
                breaker.failure();
                return;
            }
            pendingTimelineMessages.poll();
            pendingTimelineCount.decrementAndGet();
            timelineMessagesSent.increment();
        }
        breaker.success();
    }

    /**
     * Registers the assembler's hook for timeline changes published by other processes.
     *
     * @param local applies a peer's change
     */
    @Override
    public void subscribeTimelines(Consumer<TimelineChange> local) {
        timelinePeers.add(Objects.requireNonNull(local, "local"));
    }

    private void onTimelineMessage(byte[] message) {
        ByteBuffer b = ByteBuffer.wrap(message);
        if (message.length < TIMELINE_HEADER) {
            decodeFailuresLog.warn("a timeline message could not be decoded", message.length + " bytes");
            return;
        }
        b.get();
        boolean followsChanged = b.get() == 1;
        long pulledAuthor = b.getLong();
        long from = b.getLong();
        int count = b.getInt();
        if (count < 0 || message.length != TIMELINE_HEADER + 8L * count) {
            decodeFailuresLog.warn("a timeline message could not be decoded", message.length + " bytes");
            return;
        }
        if (from == instanceId) {
            return;
        }
        long[] viewers = new long[count];
        for (int i = 0; i < count; i++) {
            viewers[i] = b.getLong();
        }
        TimelineChange change = new TimelineChange(viewers, count, pulledAuthor, followsChanged);
        for (Consumer<TimelineChange> peer : timelinePeers) {
            peer.accept(change);
        }
    }

    private void onMessage(byte[] message) {
        if (message.length > 0 && message[0] == TIMELINE_MESSAGE) {
            onTimelineMessage(message);
            return;
        }
        if (message.length != 26 || message[0] != MESSAGE_VERSION || message[1] < 0 || message[1] >= KINDS.length) {
            decodeFailuresLog.warn("an invalidation message could not be decoded", message.length + " bytes");
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(message, 2, 24);
        CacheKey key = new CacheKey(KINDS[message[1]], b.getLong(), b.getLong());
        if (b.getLong() == instanceId) {
            return;
        }
        invalidationsReceived.increment();
        for (Consumer<CacheKey> peer : peers) {
            peer.accept(key);
        }
    }

    // ---------------------------------------------------------------- lifecycle and figures

    /** Stops the writer thread (queued writes are dropped) and closes what the tier opened. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        backend.close();
        if (ownedResources != null) {
            ownedResources.shutdown();
        }
    }

    /**
     * Returns a snapshot of the tier's counters, for metrics and tests.
     *
     * @return the counters
     */
    public Stats stats() {
        return new Stats(hits.sum(), misses.sum(), skipped.sum(), failures.sum(), decodeFailures.sum(),
                writer.written.sum(), writer.dropped.sum(), invalidationsSent.sum(), invalidationsReceived.sum(),
                pendingCount.get(), invalidationsLost.sum(), breaker.isOpen(), breaker.timesOpened(), resubscribes.sum(),
                invalidationsRetried.sum());
    }

    /** Test hook: how many read dispatches (flushes) went to each node. */
    Map<String, Long> readFlushesByNode() {
        Map<String, Long> m = new TreeMap<>();
        readFlushes.forEach((node, n) -> m.put(node, n.sum()));
        return m;
    }

    /** The circuit breaker, for tests. */
    CircuitBreaker breaker() {
        return breaker;
    }

        Writer writer() {
        return writer;
    }

    RedisKeys keys() {
        return keys;
    }

    private static long writeWaitNanos(Duration timeout) {
        return Math.max(timeout.toNanos() * 4, TimeUnit.MILLISECONDS.toNanos(20));
    }

    /**
     * The tier's counters since it was built.
     *
     * @param hits keys found and decoded
     * @param misses keys not found, late, or undecodable
     * @param skipped keys not asked for because the circuit was open
     * @param failures reads and invalidations that failed or timed out
     * @param decodeFailures values that could not be decoded (counted in misses too)
     * @param written entries written to Redis
     * @param dropped entries not written: queue full, circuit open, write failed, or too old
     * @param invalidationsSent invalidations that reached Redis and were published
     * @param invalidationsReceived invalidations received from other processes
     * @param invalidationsPending invalidations that failed and wait to be sent again
     * @param invalidationsLost invalidations given up because the retry list was full
     * @param circuitOpen whether the circuit is open now
     * @param circuitOpened how often the circuit opened
     * @param resubscribes how often the invalidation channel was resubscribed after a gap, each time
     *     dropping the assembler's L1 (see {@link CacheTier#subscribeResync})
     * @param invalidationsRetried invalidations that failed at first and reached Redis on a retry
     *     (counted in {@code invalidationsSent} too)
     */
    public record Stats(long hits, long misses, long skipped, long failures, long decodeFailures, long written,
            long dropped, long invalidationsSent, long invalidationsReceived, long invalidationsPending,
            long invalidationsLost, boolean circuitOpen, long circuitOpened, long resubscribes,
            long invalidationsRetried) {
    }

    /** The keys of one getAll, flattened: Redis keys with each one's kind and id. */
    private static final class ReadBatch {
        final byte[][] keys;
        final EntityKind[] kinds;
        final long[] ids;

        private ReadBatch(int size) {
            keys = new byte[size][];
            kinds = new EntityKind[size];
            ids = new long[size];
        }

        static ReadBatch of(EntityKeys wanted, RedisKeys k) {
            ReadBatch b = new ReadBatch(wanted.size());
            int n = 0;
            for (EntityKind kind : KINDS) {
                for (int i = 0; i < wanted.size(kind); i++, n++) {
                    long id = wanted.id(kind, i);
                    b.keys[n] = k.of(kind, id, wanted.viewerId());
                    b.kinds[n] = kind;
                    b.ids[n] = id;
                }
            }
            return b;
        }
    }

    /**
     * Builds a {@link RedisCacheTier}. Each setter checks its argument; {@link #build()} checks
     * the rules between them and connects. Not thread-safe.
     */
    public static final class Builder {
        private final RedisTarget target = new RedisTarget();
        private String keyPrefix = "feedkit:";
        private String channel;
        private Duration timeout = Duration.ofMillis(5);
        private Duration entityTtl = Duration.ofMinutes(5);
        private Duration relationshipTtl = Duration.ofSeconds(60);
        private Duration absentTtl = Duration.ofSeconds(5);
        private Duration tombstoneTtl = Duration.ofSeconds(5);
        private int breakerFailures = 5;
        private Duration breakerCoolDown = Duration.ofSeconds(1);
        private int writeQueue = 1024;
        private Ticker ticker = Ticker.systemTicker();

        private Builder() {
        }

        /**
         * Connects to one Redis server at {@code uri} with a client the tier creates, configures
         * for outages (commands rejected while disconnected, fast reconnects) and shuts down on
         * {@link RedisCacheTier#close()}. Set one of {@code uri}, {@link #client} or
         * {@link #clusterClient}.
         *
         * @param uri such as {@code redis://127.0.0.1:6379}
         * @return this builder
         * @throws IllegalArgumentException if Lettuce cannot parse it
         */
        public Builder uri(String uri) {
            target.uri(uri);
            return this;
        }

        /**
         * Uses the host's client for one Redis server. The tier opens its own connections on it and
         * closes them, but never shuts the client down. For outage tolerance the client should use
         * {@link RedisCacheTier#recommendedClientOptions()}.
         *
         * @param client the client
         * @return this builder
         */
        public Builder client(RedisClient client) {
            target.client(client);
            return this;
        }

        /**
         * Uses the host's client for a Redis Cluster; reads and writes are split per node and
         * slot. The tier never shuts the client down.
         *
         * @param clusterClient the client
         * @return this builder
         */
        public Builder clusterClient(RedisClusterClient clusterClient) {
            target.clusterClient(clusterClient);
            return this;
        }

        /**
         * Connects to a Redis Cluster through the given seed nodes, with a client the tier
         * creates, configures like {@link #uri} (plus adaptive topology refresh) and shuts down
         * on {@link RedisCacheTier#close()}.
         *
         * @param seeds one or more node URIs, such as {@code redis://10.0.0.1:7000}
         * @return this builder
         * @throws IllegalArgumentException if none is given or Lettuce cannot parse one
         */
        public Builder clusterUris(String... seeds) {
            target.clusterUris(seeds);
            return this;
        }

        /**
         * Sets the prefix of every key, so that several applications (or tests) share one Redis.
         * Default {@code feedkit:}. Keys live under the prefix followed by the format version
         * ({@code feedkit:v2:{p:42}}), so releases with different encodings run side by side; the
         * invalidation channel has no version, so their processes still hear each other.
         *
         * @param prefix any text without braces, which Redis Cluster reserves for hash tags
         * @return this builder
         * @throws IllegalArgumentException if it contains '{' or '}'
         */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = RedisTarget.checkPrefix(prefix);
            return this;
        }

        /**
         * Sets the pub/sub channel of invalidations; every process that shares the cache must use
         * the same. Default: the key prefix followed by {@code invalidations}.
         *
         * @param channel a non-empty name
         * @return this builder
         * @throws IllegalArgumentException if empty
         */
        public Builder channel(String channel) {
            Objects.requireNonNull(channel, "channel");
            if (channel.isEmpty()) {
                throw new IllegalArgumentException("channel must not be empty");
            }
            this.channel = channel;
            return this;
        }

        /**
         * Sets how long a read may wait for Redis before its keys count as misses; invalidations
         * and writes wait four times as long, at least 20 ms. Default 5 ms: a batched read on a
         * healthy LAN takes well under 1 ms.
         *
         * @param timeout between 1 ms and 10 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder timeout(Duration timeout) {
            this.timeout = RedisTarget.between("timeout", timeout, Duration.ofMillis(1), Duration.ofSeconds(10));
            return this;
        }

        /**
         * Sets how long posts and authors stay in Redis, plus up to 10 % jitter. Default 5 minutes,
         * the assembler's default L1 {@code entityTtl}: keep it no longer than L1's, since an entry
         * refilled into L1 from Redis lives a full L1 TTL again (see the README's staleness bound).
         *
         * @param ttl between 1 second and 30 days
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder entityTtl(Duration ttl) {
            this.entityTtl = RedisTarget.between("entityTtl", ttl, Duration.ofSeconds(1), Duration.ofDays(30));
            return this;
        }

        /**
         * Sets how long relationships stay in Redis, plus up to 10 % jitter. Default 60 seconds,
         * the assembler's default L1 {@code relationshipTtl}.
         *
         * @param ttl between 1 second and 30 days
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder relationshipTtl(Duration ttl) {
            this.relationshipTtl = RedisTarget.between("relationshipTtl", ttl, Duration.ofSeconds(1), Duration.ofDays(30));
            return this;
        }

        /**
         * Sets how long the absence of a post or user stays in Redis, plus up to 10 % jitter.
         * Default 5 seconds, the assembler's default L1 {@code negativeTtl}.
         *
         * @param ttl between 1 second and 30 days
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder absentTtl(Duration ttl) {
            this.absentTtl = RedisTarget.between("absentTtl", ttl, Duration.ofSeconds(1), Duration.ofDays(30));
            return this;
        }

        /**
         * Sets how long an invalidated key refuses writes, so that a write queued before the
         * invalidation (here or in another process) cannot put the old value back. Queued writes
         * older than this minus twice the write wait are dropped. Default 5 seconds.
         *
         * @param ttl between 1 second and 1 hour
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder tombstoneTtl(Duration ttl) {
            this.tombstoneTtl = RedisTarget.between("tombstoneTtl", ttl, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        /**
         * Sets the circuit breaker: after {@code failures} consecutive failed or late calls, Redis
         * is skipped for {@code coolDown}, then one call probes it. Default 5 failures, 1 second.
         *
         * @param failures 1..1000
         * @param coolDown between 10 ms and 10 minutes
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder circuitBreaker(int failures, Duration coolDown) {
            if (failures < 1 || failures > 1000) {
                throw new IllegalArgumentException("circuitBreaker failures must be between 1 and 1000, was " + failures);
            }
            this.breakerCoolDown = RedisTarget.between("circuitBreaker coolDown", coolDown, Duration.ofMillis(10),
                    Duration.ofMinutes(10));
            this.breakerFailures = failures;
            return this;
        }

        /**
         * Sets how many put batches may wait for the writer thread; a batch that finds the queue
         * full is dropped and counted in {@link Stats#dropped()}. Default 1024.
         *
         * @param batches 1..1048576
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder writeQueue(int batches) {
            if (batches < 1 || batches > (1 << 20)) {
                throw new IllegalArgumentException("writeQueue must be between 1 and 1048576 batches, was " + batches);
            }
            this.writeQueue = batches;
            return this;
        }

        /**
         * Sets the clock the tier reads: the circuit breaker's cool-down, the age at which a
         * queued write is dropped, the deadline of each call to Redis and the rate of repeated
         * warnings. Default {@link Ticker#systemTicker()} ({@link System#nanoTime()}). Meant for
         * tests, with the same fake ticker as the assembler ({@code FeedAssembler.Builder.ticker}):
         * time passes for the tier exactly when the test advances it. A call to Redis still waits
         * in real time, as long as the ticker says is left; the TTLs of values and tombstones are
         * kept by the Redis server on its own clock.
         *
         * @param ticker a monotonic clock in nanoseconds, thread-safe
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Connects, subscribes to the invalidation channel, and starts the writer thread.
         *
         * @return the tier
         * @throws IllegalStateException if not exactly one of uri, client and clusterClient is set,
         *     if the tombstone TTL is too short for the timeout, or if Redis cannot be reached
         */
        public RedisCacheTier build() {
            target.requireOne("RedisCacheTier.Builder");
            long wait = writeWaitNanos(timeout);
            if (tombstoneTtl.toNanos() <= 2 * wait) {
                throw new IllegalStateException("tombstoneTtl (" + tombstoneTtl + ") must exceed twice the write "
                        + "wait (" + Duration.ofNanos(wait) + ", from timeout " + timeout + ")");
            }
            return target.open("RedisCacheTier.Builder", (backend, owned) -> new RedisCacheTier(this, backend, owned));
        }
    }

    /**
     * Returns the client options the tier uses for a client it creates: auto-reconnect, commands
     * rejected at once while disconnected (instead of queued), a bounded request queue, a 1 s
     * connect timeout and a 1 s command timeout. Hosts that pass their own client should use them.
     *
     * @return the options
     */
    public static ClientOptions recommendedClientOptions() {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(65_536)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(1)))
                .build();
    }

    /**
     * Returns client resources with two I/O threads and reconnect attempts from 10 ms, doubling, at
     * most 1 s apart (Lettuce's default waits up to 30 s). The caller shuts them down.
     *
     * @return new resources
     */
    public static ClientResources recommendedResources() {
        return DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }
}
