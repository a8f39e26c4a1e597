package dev.feedkit.redis;

import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.Keyset;
import dev.feedkit.TimelineStore;
import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.BooleanOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.ValueListOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/*
 * Design notes (the layout is in TimelineKeys, the scripts in TimelineScripts).
 * - Round trips: a read is one dispatch of ZREVRANGEBYLEX (the page) and PEXPIRE (a timeline
 *   that is read stays; one nobody reads expires after the TTL; pushes never extend it). Every
 *   write is one script call per viewer; a batch (push, removePost) is split by node and slot
 *   (Backend.route) into scripts of at most CHUNK viewers, and each node's scripts are written with
 *   one dispatch, one flush per node. A server that lost the scripts costs one more round trip.
 * - Failures are thrown as FeedUnavailableException: the caller decides (serve from the source,
 *   drop the timeline later, send the batch again). There is no circuit breaker here yet.
 * - Memory: a full timeline is a skiplist-encoded sorted set of `capacity` 25-byte members,
 *   roughly 80 bytes per entry in Redis 7, so about 64 KB at the default 800.
 */

/** The Redis {@link TimelineStore}: one sorted set per viewer, on one server or a Redis Cluster. */
final class RedisTimelineStore implements TimelineStore {
    /** Most viewers per script call, so that one call never holds the server for long. */
    static final int CHUNK = 128;
    private static final ByteArrayCodec CODEC = ByteArrayCodec.INSTANCE;
    private static final byte[] LOWEST = {'-'};

    private final Backend backend;
    private final ClientResources ownedResources;
    private final TimelineKeys keys;
    private final int capacity;
    private final byte[] capacityArg;
    private final byte[] ttlMillis;
    private final byte[] rebuildTtlMillis;
    private final long readTimeoutNanos;
    private final long writeTimeoutNanos;
    private final Ticker ticker;
    private final Map<String, LongAdder> flushes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    RedisTimelineStore(RedisTimelines.Builder b, Backend backend, ClientResources ownedResources) {
        this.backend = backend;
        this.ownedResources = ownedResources;
        this.keys = new TimelineKeys(b.keyPrefix);
        this.capacity = b.capacity;
        this.capacityArg = Commands.ascii(b.capacity);
        this.ttlMillis = Commands.ascii(b.ttl.toMillis());
        this.rebuildTtlMillis = Commands.ascii(b.rebuildTtl.toMillis());
        this.readTimeoutNanos = b.timeout.toNanos();
        this.writeTimeoutNanos = b.writeTimeout.toNanos();
        this.ticker = b.ticker;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    // ---------------------------------------------------------------- read

    @Override
    public Read read(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(out, "out");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        String what = "read the timeline of viewer " + viewerId;
        if (deadline.isExpired()) {
            throw new FeedUnavailableException(what + ": the request deadline passed before Redis was asked", null);
        }
        long until = ticker.read() + Math.min(readTimeoutNanos, deadline.remainingNanos());
        byte[] key = keys.timeline(viewerId);
        AsyncCommand<byte[], byte[], List<byte[]>> page = new AsyncCommand<>(new Command<>(CommandType.ZREVRANGEBYLEX,
                new ValueListOutput<>(CODEC), new CommandArgs<>(CODEC).addKey(key).add(TimelineKeys.bound(after))
                        .add(LOWEST).add(CommandKeyword.LIMIT).add(0).add(max + 1L)));
        AsyncCommand<byte[], byte[], Boolean> touch = new AsyncCommand<>(new Command<>(CommandType.PEXPIRE,
                new BooleanOutput<>(CODEC), new CommandArgs<>(CODEC).addKey(key).add(ttlMillis)));
        dispatch(single(key, what, until), List.of(page, touch));
        return collect(viewerId, await(page, until, what), max, out);
    }

    private static Read collect(long viewerId, List<byte[]> members, int max, Candidates out) {
        int n = 0;
        byte state = 0;
        for (byte[] m : members) {
            if (TimelineKeys.isEntry(m)) {
                if (n < max) {
                    out.add(TimelineKeys.postId(m), TimelineKeys.authorId(m), TimelineKeys.createdAtMicros(m));
                    n++;
                }
                continue;
            }
            state = TimelineKeys.marker(m);
            if (state == 0) {
                throw new FeedUnavailableException("the timeline of viewer " + viewerId + " holds a member of "
                        + m.length + " bytes that is neither an entry nor a marker; drop it to rebuild it", null);
            }
        }
        if (members.isEmpty()) {
            return Read.MISSING;
        }
        return n == max || state == TimelineKeys.COMPLETE ? Read.HIT : Read.TRUNCATED;
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void push(long postId, long authorId, long createdAtMicros, long[] viewerIds, int viewerCount) {
        checkEntry(postId, authorId, createdAtMicros);
        checkViewers(viewerIds, viewerCount);
        byte[][] argv = {capacityArg, TimelineKeys.entry(postId, authorId, createdAtMicros)};
        run(TimelineScripts.PUSH, viewerIds, viewerCount, argv, "push post " + postId);
    }

    @Override
    public boolean startRebuild(long viewerId) {
        return runOne(TimelineScripts.START_REBUILD, viewerId, new byte[][] {rebuildTtlMillis},
                "start rebuilding the timeline of viewer " + viewerId) == 1;
    }

    @Override
    public boolean finishRebuild(long viewerId, Candidates entries, boolean complete) {
        byte[][] argv = entryArgs(entries, complete, 4);
        argv[3] = ttlMillis;
        return runOne(TimelineScripts.FINISH_REBUILD, viewerId, argv,
                "finish rebuilding the timeline of viewer " + viewerId) == 1;
    }

    @Override
    public boolean merge(long viewerId, Candidates entries, boolean complete) {
        return runOne(TimelineScripts.MERGE, viewerId, entryArgs(entries, complete, 3),
                "merge " + entries.size() + " posts into the timeline of viewer " + viewerId) == 1;
    }

    @Override
    public void removeAuthor(long viewerId, long authorId) {
        runOne(TimelineScripts.REMOVE_AUTHOR, viewerId, new byte[][] {TimelineKeys.author(authorId)},
                "remove author " + authorId + " from the timeline of viewer " + viewerId);
    }

    @Override
    public void removePost(long postId, long authorId, long createdAtMicros, long[] viewerIds, int viewerCount) {
        checkEntry(postId, authorId, createdAtMicros);
        checkViewers(viewerIds, viewerCount);
        byte[][] argv = {TimelineKeys.entry(postId, authorId, createdAtMicros)};
        run(TimelineScripts.REMOVE_POST, viewerIds, viewerCount, argv, "remove post " + postId);
    }

    @Override
    public void drop(long viewerId) {
        String what = "drop the timeline of viewer " + viewerId;
        long until = ticker.read() + writeTimeoutNanos;
        byte[] key = keys.timeline(viewerId);
        AsyncCommand<byte[], byte[], Long> del = new AsyncCommand<>(new Command<>(CommandType.DEL,
                new IntegerOutput<>(CODEC), new CommandArgs<>(CODEC).addKeys(key, TimelineKeys.rebuild(key))));
        dispatch(single(key, what, until), List.of(del));
        await(del, until, what);
    }

    /** ARGV of merge and finishRebuild: capacity, complete, floor, {@code fixed - 3} free slots, then entries. */
    private byte[][] entryArgs(Candidates entries, boolean complete, int fixed) {
        Objects.requireNonNull(entries, "entries");
        if (entries.size() == 0 && !complete) {
            throw new IllegalArgumentException("entries must not be empty when they are not complete: an empty, "
                    + "incomplete list says nothing about where the feed continues");
        }
        byte[][] argv = new byte[fixed + entries.size()][];
        int oldest = 0;
        for (int i = 0; i < entries.size(); i++) {
            checkEntry(entries.postId(i), entries.authorId(i), entries.createdAtMicros(i));
            argv[fixed + i] = TimelineKeys.entry(entries.postId(i), entries.authorId(i), entries.createdAtMicros(i));
            if (older(entries, i, oldest)) {
                oldest = i;
            }
        }
        argv[0] = capacityArg;
        argv[1] = new byte[] {(byte) (complete ? '1' : '0')};
        argv[2] = entries.size() == 0 ? new byte[0] : argv[fixed + oldest];
        return argv;
    }

    private static boolean older(Candidates c, int i, int j) {
        return c.createdAtMicros(i) < c.createdAtMicros(j)
                || c.createdAtMicros(i) == c.createdAtMicros(j) && c.postId(i) < c.postId(j);
    }

    // ---------------------------------------------------------------- script calls

    /** One script call on the slot of one viewer; returns its answer. */
    private long runOne(TimelineScripts.Script script, long viewerId, byte[][] argv, String what) {
        return run(script, new long[] {viewerId}, 1, argv, what).get(0);
    }

    /**
     * Runs {@code script} over the viewers: one call per chunk of viewers that share a slot, each
     * node's calls written with one flush; calls the server does not know by SHA go again as EVAL.
     *
     * @return the answer of every call, in the order sent
     */
    private List<Long> run(TimelineScripts.Script script, long[] viewerIds, int count, byte[][] argv, String what) {
        if (count == 0) {
            return List.of();
        }
        long until = ticker.read() + writeTimeoutNanos;
        byte[][] timelineKeys = new byte[count][];
        for (int i = 0; i < count; i++) {
            timelineKeys[i] = keys.timeline(viewerIds[i]);
        }
        List<Call> calls = new ArrayList<>();
        int routed = 0;
        for (Backend.Route route : backend.route(timelineKeys)) {
            List<Call> nodeCalls = new ArrayList<>();
            for (int[] group : route.groups()) {
                routed += group.length;
                for (int from = 0; from < group.length; from += CHUNK) {
                    nodeCalls.add(new Call(route, pairs(timelineKeys, group, from, Math.min(group.length, from + CHUNK))));
                }
            }
            send(script, argv, nodeCalls, false, what, until);
            calls.addAll(nodeCalls);
        }
        if (routed != count) {
            throw new FeedUnavailableException(what + ": " + (count - routed) + " of " + count
                    + " viewers are in slots that no known Redis node serves", null);
        }
        return answers(script, argv, calls, what, until);
    }

    private static byte[][] pairs(byte[][] timelineKeys, int[] group, int from, int to) {
        byte[][] pairs = new byte[2 * (to - from)][];
        for (int i = from; i < to; i++) {
            byte[] t = timelineKeys[group[i]];
            pairs[2 * (i - from)] = t;
            pairs[2 * (i - from) + 1] = TimelineKeys.rebuild(t);
        }
        return pairs;
    }

    /** Writes the calls of one node with one flush, as EVALSHA or (after NOSCRIPT) as EVAL. */
    private void send(TimelineScripts.Script script, byte[][] argv, List<Call> nodeCalls, boolean asEval, String what,
            long until) {
        if (nodeCalls.isEmpty()) {
            return;
        }
        Backend.Route route = nodeCalls.get(0).route;
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(nodeCalls.size());
        for (Call c : nodeCalls) {
            c.command = asEval ? script.eval(c.keys, argv) : script.evalsha(c.keys, argv);
            commands.add(c.command);
        }
        dispatch(await(route.connection().toCompletableFuture(), until, what), route.node(), commands);
    }

    private List<Long> answers(TimelineScripts.Script script, byte[][] argv, List<Call> calls, String what, long until) {
        Map<Backend.Route, List<Call>> retry = new LinkedHashMap<>();
        for (Call c : calls) {
            if (isNoScript(c.command, until)) {
                retry.computeIfAbsent(c.route, r -> new ArrayList<>()).add(c);
            }
        }
        retry.values().forEach(nodeCalls -> send(script, argv, nodeCalls, true, what, until));
        List<Long> answers = new ArrayList<>(calls.size());
        for (Call c : calls) {
            answers.add(await(c.command, until, what));
        }
        return answers;
    }

    /** Waits for a script call; true if it failed only because the server does not know the script. */
    private boolean isNoScript(AsyncCommand<byte[], byte[], Long> command, long until) {
        try {
            command.get(Math.max(0, until - ticker.read()), TimeUnit.NANOSECONDS);
            return false;
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause().getMessage()).startsWith("NOSCRIPT");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** One script call: the node it goes to, its key pairs, and the command last sent. */
    private static final class Call {
        final Backend.Route route;
        final byte[][] keys;
        AsyncCommand<byte[], byte[], Long> command;

        Call(Backend.Route route, byte[][] keys) {
            this.route = route;
            this.keys = keys;
        }
    }

    // ---------------------------------------------------------------- dispatch

    /** The connection of the node that serves {@code key}. */
    private Dispatch single(byte[] key, String what, long until) {
        List<Backend.Route> routes = backend.route(new byte[][] {key});
        if (routes.isEmpty()) {
            throw new FeedUnavailableException(what + ": no known Redis node serves its slot", null);
        }
        Backend.Route route = routes.get(0);
        return new Dispatch(route.node(), await(route.connection().toCompletableFuture(), until, what));
    }

    private record Dispatch(String node, StatefulRedisConnection<byte[], byte[]> connection) {
    }

    private void dispatch(Dispatch d, List<? extends RedisCommand<byte[], byte[], ?>> commands) {
        dispatch(d.connection, d.node, commands);
    }

    private void dispatch(StatefulRedisConnection<byte[], byte[]> connection, String node,
            List<? extends RedisCommand<byte[], byte[], ?>> commands) {
        if (closed) {
            throw new FeedUnavailableException("the Redis timeline store is closed", null);
        }
        connection.dispatch(commands);
        flushes.computeIfAbsent(node, n -> new LongAdder()).increment();
    }

    /** Waits for {@code future} until {@code until} on the ticker; failures become FeedUnavailableException. */
    private <T> T await(CompletableFuture<T> future, long until, String what) {
        try {
            return future.get(Math.max(0, until - ticker.read()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedUnavailableException(what + ": interrupted while waiting for Redis", e);
        } catch (TimeoutException e) {
            throw new FeedUnavailableException(what + ": Redis did not answer in time", e);
        } catch (ExecutionException e) {
            throw new FeedUnavailableException(what + " failed: " + e.getCause(), e.getCause());
        } catch (RuntimeException e) {
            throw new FeedUnavailableException(what + " failed: " + e, e);
        }
    }

    // ---------------------------------------------------------------- checks, lifecycle, figures

    private static void checkEntry(long postId, long authorId, long createdAtMicros) {
        if (postId < 0 || authorId < 0 || createdAtMicros < 0) {
            throw new IllegalArgumentException("timeline entries need non-negative ids and times, was post " + postId
                    + " by author " + authorId + " at " + createdAtMicros + " µs");
        }
    }

    private static void checkViewers(long[] viewerIds, int viewerCount) {
        Objects.requireNonNull(viewerIds, "viewerIds");
        if (viewerCount < 0 || viewerCount > viewerIds.length) {
            throw new IllegalArgumentException("viewerCount must be between 0 and " + viewerIds.length
                    + " (the length of viewerIds), was " + viewerCount);
        }
    }

    /** Closes the connections, and the client and resources if the store created them. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        backend.close();
        if (ownedResources != null) {
            ownedResources.shutdown();
        }
    }

    /** Test hook: how many dispatches (flushes) went to each node. */
    Map<String, Long> flushesByNode() {
        Map<String, Long> m = new TreeMap<>();
        flushes.forEach((node, n) -> m.put(node, n.sum()));
        return m;
    }

    TimelineKeys keys() {
        return keys;
    }

    @Override
    public String toString() {
        return "RedisTimelineStore[prefix=" + new String(keys.timeline(0), StandardCharsets.UTF_8).replace("{0}", "")
                + ", capacity=" + capacity + "]";
    }
}
