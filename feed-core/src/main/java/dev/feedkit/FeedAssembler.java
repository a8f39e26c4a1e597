package dev.feedkit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Assembles pages of viewers' home feeds. Thread-safe; build one per process and share it.
 *
 * <pre>{@code
 * FeedAssembler feeds = FeedAssembler.newBuilder()
 *     .source(source)          // FeedSource: keyset pages of candidates
 *     .store(store)            // EntityStore: one call per page for every miss
 *     .writer(JsonFeedWriter.create())
 *     .build();
 * FeedPage page = feeds.assemble(FeedRequest.of(viewerId));
 * }</pre>
 *
 * <p>Entities are read through the built-in Caffeine L1, then any tiers added with
 * {@link Builder#tier(CacheTier)}, then the store; concurrent misses of one key are loaded once.
 * After each page with a successor, a bounded pool pre-warms the next page. {@link #close()} stops
 * the assembler's own threads; the source, store, tiers and writer belong to the host.
 *
 * <p>Everything that depends on time (page deadlines, L1 and candidate TTLs, the invalidation
 * log, the step timings in {@link FeedStats}) reads one clock, {@link Builder#ticker(Ticker)}.
 */
public final class FeedAssembler implements AutoCloseable {
    private final Pipeline pipeline;
    private final FeedWriter writer;
    private final ExecutorService asyncPool;

    private FeedAssembler(FeedConfig config) {
        this.pipeline = new Pipeline(config);
        this.writer = config.writer();
        this.asyncPool = Threads.boundedPool("feedkit-async", config.asyncThreads(), config.asyncQueue());
    }

    /**
     * Returns a builder with the defaults documented on each setter.
     *
     * @return a new builder
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Assembles one page on the calling thread.
     *
     * @param request the page to assemble
     * @return the page
     * @throws InvalidRequestException if the cursor is malformed, not canonical, truncated,
     *     tampered, of another version, viewer or unknown key id, or the seed or mode disagrees with it
     * @throws FeedUnavailableException if the source or store failed, or the deadline passed,
     *     for data that was not cached
     */
    public FeedPage assemble(FeedRequest request) {
        Objects.requireNonNull(request, "request");
        FeedTracer.Span span = Spans.start(pipeline.tracer(), FeedTracer.Stage.PAGE);
        try {
            Pipeline.Result result = pipeline.assemble(request);
            pipeline.report(result.stats());
            Spans.page(span, result.stats());
            return result.page();
        } catch (RuntimeException | Error e) {
            span.fail(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Assembles one page on the assembler's bounded async pool.
     *
     * @param request the page to assemble
     * @return a future of the page, failed with the exceptions {@link #assemble} throws, or with
     *     {@link FeedUnavailableException} if the async pool's queue is full
     */
    public CompletableFuture<FeedPage> assembleAsync(FeedRequest request) {
        Objects.requireNonNull(request, "request");
        try {
            return CompletableFuture.supplyAsync(() -> assemble(request), asyncPool);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new FeedUnavailableException("async pool is saturated", e));
        }
    }

    /**
     * Assembles one page and streams it to {@code out} through the configured {@link FeedWriter}.
     * Nothing is written when assembling fails, so a host can still answer with an error status.
     *
     * @param request the page to assemble
     * @param out where the bytes go; not closed
     * @throws IOException if {@code out} fails
     * @throws IllegalStateException if no writer was configured
     * @throws InvalidRequestException see {@link #assemble}
     * @throws FeedUnavailableException see {@link #assemble}
     */
    public void write(FeedRequest request, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (writer == null) {
            throw new IllegalStateException("no FeedWriter configured; set FeedAssembler.Builder.writer(..)");
        }
        Objects.requireNonNull(request, "request");
        FeedTracer.Span span = Spans.start(pipeline.tracer(), FeedTracer.Stage.PAGE);
        try {
            Pipeline.Result result = pipeline.assemble(request);
            Ticker ticker = pipeline.ticker();
            long start = ticker.read();
            writePage(request, result.page(), out);
            pipeline.report(result.stats().withWriteNanos(ticker.read() - start));
            Spans.page(span, result.stats());
        } catch (IOException | RuntimeException | Error e) {
            span.fail(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private void writePage(FeedRequest request, FeedPage page, OutputStream out) throws IOException {
        FeedTracer.Span span = Spans.start(pipeline.tracer(), FeedTracer.Stage.WRITE);
        try {
            writer.write(request, page, out);
        } catch (IOException | RuntimeException | Error e) {
            span.fail(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** For tests in this package. */
    Pipeline pipeline() {
        return pipeline;
    }

    /** @return the media type of {@link #write}'s output */
    public String contentType() {
        return writer == null ? "application/octet-stream" : writer.contentType();
    }

    /**
     * Drops a post from every cache tier (and, through a shared tier, from other processes'
     * L1), so that the next page shows its current state. Call it after changing the post.
     *
     * @param postId the post
     */
    public void invalidatePost(long postId) {
        pipeline.invalidate(CacheKey.post(postId));
    }

    /**
     * Drops a user's author entry from every cache tier. Call it after changing the user.
     *
     * @param userId the user
     */
    public void invalidateUser(long userId) {
        pipeline.invalidate(CacheKey.author(userId));
    }

    /**
     * Drops the relationship between two users, in both directions, from every cache tier. Call
     * it after a follow, unfollow, block or unblock between them.
     *
     * @param userA one user
     * @param userB the other user
     */
    public void invalidateRelationship(long userA, long userB) {
        pipeline.invalidate(CacheKey.relationship(userA, userB));
        pipeline.invalidate(CacheKey.relationship(userB, userA));
    }

    // ---------------------------------------------------------------- write path

    /**
     * Tells the assembler that a post was published (committed by the host). With timelines on,
     * the post is pushed to its author's and followers' timelines on the fan-out pool, or, for an
     * author with at least {@link Builder#pullThreshold(long) pullThreshold} followers, the author's
     * recent posts are reloaded and merged in at read time. Returns at once; see
     * {@link #timelineStats()} for what happened. Without timelines it does nothing: every page
     * reads the source.
     *
     * @param postId the post
     * @param authorId its author
     * @param createdAt its {@code created_at}, as stored
     */
    public void postPublished(long postId, long authorId, Instant createdAt) {
        long micros = Keyset.micros(Objects.requireNonNull(createdAt, "createdAt"));
        Timelines t = pipeline.timelines();
        if (t != null) {
            t.postPublished(nonNegative("postId", postId), nonNegative("authorId", authorId), micros);
        }
    }

    /**
     * Tells the assembler that a post was deleted: drops it from every cache tier (as
     * {@link #invalidatePost} does) and, on the fan-out pool, from the timelines it was pushed to.
     * Pages re-check deletion at read time in any case.
     *
     * @param postId the post
     * @param authorId its author
     * @param createdAt its {@code created_at}, as stored
     */
    public void postDeleted(long postId, long authorId, Instant createdAt) {
        long micros = Keyset.micros(Objects.requireNonNull(createdAt, "createdAt"));
        invalidatePost(postId);
        Timelines t = pipeline.timelines();
        if (t != null) {
            t.postDeleted(nonNegative("postId", postId), nonNegative("authorId", authorId), micros);
        }
    }

    /**
     * Tells the assembler that {@code followerId} now follows {@code followeeId}: drops their
     * relationship from every cache tier and merges the followee's newest posts into the follower's
     * timeline.
     *
     * @param followerId who follows
     * @param followeeId whom
     */
    public void followed(long followerId, long followeeId) {
        invalidateRelationship(followerId, followeeId);
        Timelines t = pipeline.timelines();
        if (t != null) {
            t.followed(nonNegative("followerId", followerId), nonNegative("followeeId", followeeId));
        }
    }

    /**
     * Tells the assembler that {@code followerId} no longer follows {@code followeeId}: drops their
     * relationship from every cache tier and the followee's posts from the follower's timeline.
     *
     * @param followerId who unfollowed
     * @param followeeId whom
     */
    public void unfollowed(long followerId, long followeeId) {
        invalidateRelationship(followerId, followeeId);
        Timelines t = pipeline.timelines();
        if (t != null) {
            t.unfollowed(nonNegative("followerId", followerId), nonNegative("followeeId", followeeId));
        }
    }

    /**
     * Tells the assembler that {@code blockerId} blocked {@code blockedId}: drops their
     * relationship from every cache tier and each one's posts from the other's timeline (a block in
     * either direction hides everything). Pages re-check blocks at read time in any case.
     *
     * @param blockerId who blocked
     * @param blockedId whom
     */
    public void blocked(long blockerId, long blockedId) {
        invalidateRelationship(blockerId, blockedId);
        Timelines t = pipeline.timelines();
        if (t != null) {
            t.blocked(nonNegative("blockerId", blockerId), nonNegative("blockedId", blockedId));
        }
    }

    /**
     * Tells the assembler that {@code blockerId} unblocked {@code blockedId}: drops their
     * relationship from every cache tier and both timelines, which are rebuilt on their next read.
     *
     * @param blockerId who unblocked
     * @param blockedId whom
     */
    public void unblocked(long blockerId, long blockedId) {
        invalidateRelationship(blockerId, blockedId);
        Timelines t = pipeline.timelines();
        if (t != null) {
            t.unblocked(nonNegative("blockerId", blockerId), nonNegative("blockedId", blockedId));
        }
    }

    /**
     * Tells the assembler that {@code muterId} muted {@code mutedId}: drops their relationship from
     * every cache tier and the muted author's posts from the muter's timeline. The muter may still
     * follow the muted author; only the muter's feed changes. Pages re-check mutes at read time in
     * any case.
     *
     * @param muterId who muted
     * @param mutedId whom
     */
    public void muted(long muterId, long mutedId) {
        invalidateRelationship(muterId, mutedId);
        Timelines t = pipeline.timelines();
        if (t != null) {
            t.muted(nonNegative("muterId", muterId), nonNegative("mutedId", mutedId));
        }
    }

    /**
     * Tells the assembler that {@code muterId} unmuted {@code mutedId}: drops their relationship
     * from every cache tier and the muter's timeline, which is rebuilt on its next read.
     *
     * @param muterId who unmuted
     * @param mutedId whom
     */
    public void unmuted(long muterId, long mutedId) {
        invalidateRelationship(muterId, mutedId);
        Timelines t = pipeline.timelines();
        if (t != null) {
            t.unmuted(nonNegative("muterId", muterId), nonNegative("mutedId", mutedId));
        }
    }

    /**
     * Returns the timelines' counters, all zero when timelines are off.
     *
     * @return a snapshot of the counters
     */
    public TimelineStats timelineStats() {
        Timelines t = pipeline.timelines();
        if (t == null) {
            return new TimelineStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        FanOut w = t.fanOut();
        TimelineSource r = t.reads();
        return new TimelineStats(w.submitted.sum(), w.completed.sum(), w.queueFull.sum(), w.failures.sum(), w.pending(),
                w.lost.sum(), r.timelineReads.sum(), r.firstPageHits.sum(), r.fallbacks.sum(), r.readFailures.sum(),
                r.rebuilds.sum(), w.queued());
    }

    /**
     * Returns whether the write path has nothing left to do: no job queued, running or waiting
     * for a retry. For tests and orderly shutdowns; always {@code true} when timelines are off.
     *
     * @return whether the fan-out pool is idle
     */
    public boolean timelinesIdle() {
        Timelines t = pipeline.timelines();
        return t == null || t.idle();
    }

    private static long nonNegative(String name, long id) {
        if (id < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + id);
        }
        return id;
    }

    /**
     * Returns the L1's counters and size, for metrics. Reads counters only.
     *
     * @return a snapshot
     */
    public L1Stats l1Stats() {
        return pipeline.l1Stats();
    }

    /** @return a snapshot of the pre-warm pool's counters */
    public PrewarmStats prewarmStats() {
        Prewarmer p = pipeline.prewarmer();
        return p == null ? new PrewarmStats(0, 0, 0, 1)
                : new PrewarmStats(p.submitted(), p.dropped(), p.completed(), p.ttlMultiplier());
    }

    /**
     * Returns the assembler's view of its dependencies, for a readiness probe: whether the store
     * circuit breaker is open (the database is failing; pages are served from stale candidates
     * and cached entities where possible) and its counters. It reads counters only and never
     * waits, so a health route stays fast while feed requests queue. A shared tier reports its own
     * state (feed-redis: {@code RedisCacheTier.stats().circuitOpen()}).
     *
     * @return a snapshot
     */
    public Health health() {
        StoreBreaker b = pipeline.breaker();
        return new Health(!b.isOpen(), b.timesOpened(), b.rejectedCalls(), pipeline.lastSeenBytes(false));
    }

    /** Stops the pre-warm and async pools; pages in progress finish. Idempotent. */
    @Override
    public void close() {
        asyncPool.shutdown();
        pipeline.close();
    }

    /**
     * The pre-warm pool's counters.
     *
     * @param submitted jobs accepted
     * @param dropped jobs dropped because the queue was full
     * @param completed jobs finished successfully
     * @param ttlMultiplier the TTL multiplier pre-warmed entries get now
     */
    public record PrewarmStats(long submitted, long dropped, long completed, int ttlMultiplier) {
    }

    /**
     * The assembler's view of its dependencies.
     *
     * @param storeAvailable false while the store circuit breaker is open: calls to the database
     *     fail at once, and only pages whose candidates and entities are cached are served
     * @param storeCircuitOpened how often the breaker opened since the assembler was built
     * @param storeCallsRejected calls failed at once because the breaker was open
     * @param staleCandidateBytes estimated bytes of last-seen candidate pages kept for stale-if-error
     */
    public record Health(boolean storeAvailable, long storeCircuitOpened, long storeCallsRejected,
            long staleCandidateBytes) {
    }

    /**
     * The timelines' counters since the assembler was built.
     *
     * @param jobs write-path jobs submitted (a publish, deletion, follow, unfollow, block, unblock, mute or unmute)
     * @param completed jobs finished
     * @param queueFull jobs that found the fan-out queue full and went to the retry list
     * @param failures job runs that failed (store or follower source down) and went to the retry list
     * @param pending jobs waiting in the retry list now
     * @param lost jobs given up because the retry list was full; each made every timeline rebuild
     * @param timelineReads pages read from the timeline store
     * @param firstPageHits first pages served from process memory, with no round trip
     * @param fallbacks pages read from the keyset source because the viewer had no timeline
     * @param readFailures pages read from the keyset source because the timeline store failed or
     *     answered too late (a slower page, not an error)
     * @param rebuilds timelines rebuilt from the keyset source
     * @param queued jobs waiting in the fan-out pool's queue now (rebuilds included; the retry list
     *     is {@code pending})
     */
    public record TimelineStats(long jobs, long completed, long queueFull, long failures, long pending, long lost,
            long timelineReads, long firstPageHits, long fallbacks, long readFailures, long rebuilds, long queued) {
    }

    /**
     * The L1's counters since the assembler was built, in the terms of a cache's metrics. Hits and
     * misses count keys looked up (an expired entry is a miss), pre-warm jobs' lookups included.
     *
     * @param hits keys found live
     * @param misses keys not found, or found expired
     * @param puts entries written (loaded from a lower tier or the store)
     * @param evictions entries evicted by the weight bound
     * @param size entries held now (an estimate, expired ones included until evicted)
     * @param weight the estimated retained bytes held, against {@link Builder#l1MaximumWeight}, as of
     *     Caffeine's last maintenance (it runs after writes, asynchronously)
     */
    public record L1Stats(long hits, long misses, long puts, long evictions, long size, long weight) {
    }

    /**
     * Builds a {@link FeedAssembler}. Each setter checks its argument and may be called once, as in
     * Caffeine's builder: a second call is an {@link IllegalStateException} that names the value
     * already set, so that two pieces of start-up code cannot silently overrule each other
     * ({@link #tier} and {@link #listener} add, and refuse the same instance twice).
     * {@link #build()} checks the rules between settings and hands the pipeline an immutable
     * snapshot, so a builder reused after {@code build()} cannot change a running assembler. Not
     * thread-safe.
     */
    public static final class Builder {
        private static final int UNSET = -1;

        private FeedSource source;
        private EntityStore store;
        private final List<CacheTier> tiers = new ArrayList<>(2);
        private FeedWriter writer;
        private Ranker ranker;
        private final List<FeedListener> listeners = new ArrayList<>(1);
        private long l1MaximumWeight = UNSET;
        private Duration entityTtl;
        private Duration relationshipTtl;
        private Duration negativeTtl;
        private Duration timeout;
        private Duration candidateTtl;
        private Duration staleCandidateTtl;
        private long staleCandidateBytes = UNSET;
        private Boolean prewarm;
        private int prewarmThreads = UNSET;
        private int prewarmQueue = UNSET;
        private int prewarmMaxTtlMultiplier = UNSET;
        private int asyncThreads = UNSET;
        private int asyncQueue = UNSET;
        private int scratchPoolSize = UNSET;
        private byte[] cursorKey;
        private int cursorKeyId = UNSET;
        private final Map<Integer, byte[]> previousCursorKeys = new HashMap<>(2);
        private Ticker ticker;
        private Boolean timelines;
        private TimelineStore timelineStore;
        private int timelineCapacity = UNSET;
        private long pullThreshold = UNSET;
        private int fanOutThreads = UNSET;
        private int fanOutQueue = UNSET;
        private int storeBreakerFailures = UNSET;
        private Duration storeBreakerCoolDown;
        private FollowerSource followerSource;
        private AuthorPostSource authorPostSource;
        private int maxExtraBytes = UNSET;
        private int maxExtraRounds = UNSET;
        private Scorer scorer;
        private AffinitySource affinitySource;
        private int rankedWindow = UNSET;
        private double exploration = Double.NaN;
        private FeedTracer tracer;

        Builder() {
        }

        /**
         * Sets where candidates come from. Required.
         *
         * @param source the source
         * @return this builder
         */
        public Builder source(FeedSource source) {
            once("source", this.source);
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Sets where cache misses are loaded from. Required.
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(EntityStore store) {
            once("store", this.store);
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Adds a cache tier after L1 (and after tiers added before), such as a Redis L2. A tier is
         * taken to be shared with other processes, so {@link #build()} then requires a
         * {@link #cursorKey(int, byte[]) cursorKey}.
         *
         * @param tier the tier
         * @return this builder
         */
        public Builder tier(CacheTier tier) {
            Objects.requireNonNull(tier, "tier");
            if (tiers.contains(tier)) {
                throw new IllegalStateException("tier " + tier + " was already added");
            }
            tiers.add(tier);
            return this;
        }

        /**
         * Sets the writer used by {@link FeedAssembler#write}. Optional for hosts that only want
         * {@link FeedPage} objects.
         *
         * @param writer the writer
         * @return this builder
         */
        public Builder writer(FeedWriter writer) {
            once("writer", this.writer);
            this.writer = Objects.requireNonNull(writer, "writer");
            return this;
        }

        /**
         * Sets the ranker. Default: {@link Ranker#CHRONOLOGICAL}.
         *
         * @param ranker the ranker
         * @return this builder
         */
        public Builder ranker(Ranker ranker) {
            once("ranker", this.ranker);
            this.ranker = Objects.requireNonNull(ranker, "ranker");
            return this;
        }

        /**
         * Sets how many further rounds of candidates a page may fetch when filtering at read time
         * (deleted posts, blocks, anything {@link Relationship#hides()}) left it short of its
         * limit: each round reads the next {@code limit + 1} candidates after the last one examined.
         * Default 3; 0 gives the short page. A page is full unless the feed ended or the rounds ran
         * out, and its cursor continues right after the last candidate examined either way.
         *
         * @param rounds 0..10
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxExtraRounds(int rounds) {
            once("maxExtraRounds", maxExtraRounds == UNSET ? null : maxExtraRounds);
            this.maxExtraRounds = range("maxExtraRounds", rounds, 0, 10);
            return this;
        }

        /**
         * Sets the scorer of ranked feeds ({@link FeedRequest.Mode#RANKED}). Default
         * {@link Scorer#DEFAULT}: recency decay plus affinity.
         *
         * @param scorer the scorer
         * @return this builder
         */
        public Builder scorer(Scorer scorer) {
            once("scorer", this.scorer);
            this.scorer = Objects.requireNonNull(scorer, "scorer");
            return this;
        }

        /**
         * Sets where ranked feeds read the viewer's affinity to each author. Default
         * {@link AffinitySource#NONE}.
         *
         * @param affinities the source
         * @return this builder
         */
        public Builder affinitySource(AffinitySource affinities) {
            once("affinitySource", this.affinitySource);
            this.affinitySource = Objects.requireNonNull(affinities, "affinities");
            return this;
        }

        /**
         * Sets how many of the newest candidates a ranked first page reads and ranks: the window
         * its walk pages through in ranked order before the feed continues chronologically. Default 300.
         *
         * @param candidates 2..5000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder rankedWindow(int candidates) {
            once("rankedWindow", rankedWindow == UNSET ? null : rankedWindow);
            this.rankedWindow = range("rankedWindow", candidates, 2, 5000);
            return this;
        }

        /**
         * Sets the exploration share of ranked feeds: each slot of the ranked order is, with this
         * probability (drawn from the walk's seed), filled by a seeded-random pick among the
         * candidates not yet placed instead of the best-scored one. Default 0.1.
         *
         * @param share 0.0..1.0
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder exploration(double share) {
            once("exploration", Double.isNaN(exploration) ? null : exploration);
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("exploration must be between 0.0 and 1.0, was " + share);
            }
            this.exploration = share;
            return this;
        }

        /**
         * Adds a listener for per-page figures.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(FeedListener listener) {
            Objects.requireNonNull(listener, "listener");
            if (listeners.contains(listener)) {
                throw new IllegalStateException("listener " + listener + " was already added");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * Sets the tracer that gets a span per page and per stage, such as feed-opentelemetry's
         * {@code FeedTracing}. Default none: the assembler then starts no span and pays one null
         * check per stage.
         *
         * @param tracer the tracer
         * @return this builder
         */
        public Builder tracer(FeedTracer tracer) {
            once("tracer", this.tracer);
            this.tracer = Objects.requireNonNull(tracer, "tracer");
            return this;
        }

        /**
         * Sets L1's bound in estimated bytes of the cached entities. Default 64 MiB.
         *
         * @param bytes at least 1 MiB
         * @return this builder
         * @throws IllegalArgumentException if below 1 MiB
         */
        public Builder l1MaximumWeight(long bytes) {
            once("l1MaximumWeight", l1MaximumWeight == UNSET ? null : l1MaximumWeight);
            if (bytes < (1L << 20)) {
                throw new IllegalArgumentException("l1MaximumWeight must be at least 1048576 bytes, was " + bytes);
            }
            this.l1MaximumWeight = bytes;
            return this;
        }

        /**
         * Sets how long posts and authors stay cached, ±10 % jitter. Default 5 minutes.
         *
         * @param ttl a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder entityTtl(Duration ttl) {
            once("entityTtl", entityTtl);
            this.entityTtl = positive("entityTtl", ttl);
            return this;
        }

        /**
         * Sets how long relationships stay cached, ±10 % jitter. Default 60 seconds.
         *
         * @param ttl a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder relationshipTtl(Duration ttl) {
            once("relationshipTtl", relationshipTtl);
            this.relationshipTtl = positive("relationshipTtl", ttl);
            return this;
        }

        /**
         * Sets how long the absence of a post or user stays cached. Default 5 seconds.
         *
         * @param ttl a positive duration, no longer than the entity TTL
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder negativeTtl(Duration ttl) {
            once("negativeTtl", negativeTtl);
            this.negativeTtl = positive("negativeTtl", ttl);
            return this;
        }

        /**
         * Sets how long a page may take when the request names no timeout. Default 1 second.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeout(Duration timeout) {
            once("timeout", this.timeout);
            this.timeout = positive("timeout", timeout);
            return this;
        }

        /**
         * Sets how long a page of candidates read from the source is reused for the same viewer,
         * position and limit. Default zero: every page asks the source, so a new post shows up at
         * once. With a TTL, the keyset query runs at most once per viewer and page per TTL, and a
         * new post appears in its followers' feeds up to that late; deletions and blocks still
         * apply at once, and {@link FeedAssembler#invalidateRelationship} drops the viewer's kept
         * pages.
         *
         * @param ttl zero (off) or a positive duration up to 10 minutes
         * @return this builder
         * @throws IllegalArgumentException if negative or longer than 10 minutes
         */
        public Builder candidateTtl(Duration ttl) {
            once("candidateTtl", candidateTtl);
            Objects.requireNonNull(ttl, "candidateTtl");
            if (ttl.isNegative() || ttl.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("candidateTtl must be between 0 and 10 minutes, was " + ttl);
            }
            this.candidateTtl = ttl;
            return this;
        }

        /**
         * Sets stale-if-error for candidates: every page of candidates read from the source is
         * also kept, for {@code ttl} after it was read and within {@code maximumBytes} (estimated
         * retained bytes, about 600 per 20-item page), and served when the source fails
         * ({@link FeedUnavailableException}: the database down, frozen or past the deadline, or the
         * store breaker open). With timelines on, a page with no such copy is served from the
         * viewer's timeline alone. Such a page is marked {@link FeedStats#staleCandidates()}; its
         * entities still come from the caches, or the store if it answers. Only a page with
         * neither a copy nor a timeline fails. Default 5 minutes and 16 MiB (about 27,000 pages).
         * A zero {@code ttl} turns it off.
         *
         * @param ttl zero (off) or a positive duration up to 1 hour
         * @param maximumBytes 64 KiB..1 TiB
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder staleCandidates(Duration ttl, long maximumBytes) {
            once("staleCandidates", staleCandidateTtl == null ? null : staleCandidateTtl + ", " + staleCandidateBytes
                    + " bytes");
            Objects.requireNonNull(ttl, "staleCandidates ttl");
            if (ttl.isNegative() || ttl.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("staleCandidates ttl must be between 0 and 1 hour, was " + ttl);
            }
            if (maximumBytes < (64L << 10) || maximumBytes > (1L << 40)) {
                throw new IllegalArgumentException("staleCandidates maximumBytes must be between 65536 and "
                        + (1L << 40) + ", was " + maximumBytes);
            }
            this.staleCandidateTtl = ttl;
            this.staleCandidateBytes = maximumBytes;
            return this;
        }

        /**
         * Turns next-page pre-warming on or off. Default on.
         *
         * @param enabled whether to pre-warm
         * @return this builder
         */
        public Builder prewarm(boolean enabled) {
            once("prewarm", prewarm);
            this.prewarm = enabled;
            return this;
        }

        /**
         * Sets the pre-warm pool's size. Default 1 thread and a queue of 64 jobs; a job that finds
         * the queue full is dropped and counted.
         *
         * @param threads 1..64
         * @param queue 1..65536
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder prewarmPool(int threads, int queue) {
            once("prewarmPool", prewarmThreads == UNSET ? null : prewarmThreads + " threads, queue " + prewarmQueue);
            this.prewarmThreads = range("prewarm threads", threads, 1, 64);
            this.prewarmQueue = range("prewarm queue", queue, 1, 65536);
            return this;
        }

        /**
         * Sets the largest TTL multiplier of pre-warmed entries. While pre-warm jobs are dropped,
         * the multiplier doubles per drop up to this; a successful pre-warm resets it to 1.
         * Default 8.
         *
         * @param max 1..1024
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder prewarmMaxTtlMultiplier(int max) {
            once("prewarmMaxTtlMultiplier", prewarmMaxTtlMultiplier == UNSET ? null : prewarmMaxTtlMultiplier);
            this.prewarmMaxTtlMultiplier = range("prewarmMaxTtlMultiplier", max, 1, 1024);
            return this;
        }

        /**
         * Sets the pool behind {@link FeedAssembler#assembleAsync}. Default one thread per core
         * (at least 2) and a queue of 1024.
         *
         * @param threads 1..1024
         * @param queue 1..1048576
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder asyncPool(int threads, int queue) {
            once("asyncPool", asyncThreads == UNSET ? null : asyncThreads + " threads, queue " + asyncQueue);
            this.asyncThreads = range("async threads", threads, 1, 1024);
            this.asyncQueue = range("async queue", queue, 1, 1 << 20);
            return this;
        }

        /**
         * Sets how many scratch objects are kept for reuse. Default four per core. Requests beyond
         * it allocate fresh scratch, which is dropped afterwards.
         *
         * @param size 1..4096
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder scratchPoolSize(int size) {
            once("scratchPoolSize", scratchPoolSize == UNSET ? null : scratchPoolSize);
            this.scratchPoolSize = range("scratchPoolSize", size, 1, 4096);
            return this;
        }

        /**
         * Sets the largest host field ({@link Post#extra()}, {@link Author#extra()}) accepted from
         * the store, in UTF-8 bytes. Default 4096 (4 KiB). A larger value, or one that is not a JSON
         * object, is rejected when the store delivers it: the post or user is served without its
         * {@code extra} and a WARN names the entity, the size and this bound; the value is never cut.
         *
         * @param bytes 2..16777216 (16 MiB)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxExtraBytes(int bytes) {
            once("maxExtraBytes", maxExtraBytes == UNSET ? null : maxExtraBytes);
            this.maxExtraBytes = range("maxExtraBytes", bytes, 2, 16 << 20);
            return this;
        }

        /**
         * Sets the secret that signs cursors, under key id 0: the same as {@code cursorKey(0, key)}.
         *
         * @param key at least 16 bytes, copied
         * @return this builder
         * @throws IllegalArgumentException if shorter than 16 bytes
         * @throws IllegalStateException if a cursor key was already set
         * @see #cursorKey(int, byte[])
         */
        public Builder cursorKey(byte[] key) {
            return cursorKey(0, key);
        }

        /**
         * Sets the secret that signs cursors and its key id, which every cursor carries. Every
         * process that serves the same clients must use the same key and id. Required with a shared
         * {@link #tier}; without one the default is a random key generated once per process, logged
         * as a warning on first use: its cursors stop working when the process restarts.
         *
         * <p>To rotate the key, give the new one a new id and keep the old one as a
         * {@link #previousCursorKey previous key} until the cursors it signed are no longer wanted:
         * <pre>{@code
         * builder.cursorKey(2, newKey).previousCursorKey(1, oldKey)
         * }</pre>
         * A cursor of an id that is neither is an invalid cursor whose message names the id.
         *
         * @param id the key id, 0..255
         * @param key at least 16 bytes, copied
         * @return this builder
         * @throws IllegalArgumentException if the id is out of range or the key shorter than 16 bytes
         * @throws IllegalStateException if a cursor key was already set
         */
        public Builder cursorKey(int id, byte[] key) {
            Objects.requireNonNull(key, "cursorKey");
            once("cursorKey", cursorKey == null ? null : "key id " + cursorKeyId + " (a " + cursorKey.length + "-byte key)");
            this.cursorKey = secret("cursorKey", key);
            this.cursorKeyId = range("cursorKey id", id, 0, CursorCodec.MAX_KEY_ID);
            return this;
        }

        /**
         * Adds a retired cursor key: cursors signed with it under {@code id} are still accepted, new
         * cursors are signed with the {@link #cursorKey(int, byte[]) current key} only. May be
         * called once per id; needs a current key of another id. It also stages a new key: accepted
         * everywhere first, then made current, no instance refuses another's cursors mid-rollout.
         *
         * @param id the retired key's id, 0..255
         * @param key at least 16 bytes, copied
         * @return this builder
         * @throws IllegalArgumentException if the id is out of range or the key shorter than 16 bytes
         * @throws IllegalStateException if a previous key of this id was already added
         */
        public Builder previousCursorKey(int id, byte[] key) {
            Objects.requireNonNull(key, "previousCursorKey");
            range("previousCursorKey id", id, 0, CursorCodec.MAX_KEY_ID);
            if (previousCursorKeys.containsKey(id)) {
                throw new IllegalStateException("previousCursorKey id " + id + " was already added");
            }
            previousCursorKeys.put(id, secret("previousCursorKey", key));
            return this;
        }

        private static byte[] secret(String setting, byte[] key) {
            if (key.length < 16) {
                throw new IllegalArgumentException(setting + " must be at least 16 bytes, was " + key.length);
            }
            return key.clone();
        }

        /**
         * Sets the clock that every time-dependent part of the assembler reads: page deadlines
         * (the {@link Deadline} handed to the source and store), L1 TTLs, the candidate TTL and the
         * pre-warmed candidates' lifetime, the invalidation log, and the step timings in
         * {@link FeedStats}. Default {@link Ticker#systemTicker()} ({@link System#nanoTime()}).
         *
         * <p>Meant for tests: with a fake ticker, an entry expires or a deadline passes exactly when
         * the test advances it, and the timings are what the test advanced. Waits that block a thread
         * (joining single-flight loads, a store's statement timeout) still take real time, as much
         * as the ticker says is left. Give a shared tier such as {@code RedisCacheTier} the same
         * ticker.
         *
         * @param ticker a monotonic clock in nanoseconds, thread-safe
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            once("ticker", this.ticker);
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Turns timelines on or off. Default: on when they can be built, that is when a
         * {@link FollowerSource} and an {@link AuthorPostSource} are known (set, or implemented by
         * the source or store, as feed-jdbc's {@code JdbcFeedStore} and feed-testkit's
         * {@code InMemoryFeedStore} do) and either a {@link #timelineStore} is set or no shared
         * {@link #tier} is (then the timelines live in this process's heap). With a shared tier and
         * no timeline store they stay off: heap timelines would miss posts fanned out by other
         * processes. On, the first pages of a warm viewer come from its timeline (and, unchanged,
         * from process memory) instead of the keyset query; the host calls the write-path methods
         * ({@link FeedAssembler#postPublished}, ...) after each change.
         *
         * @param enabled whether to use timelines
         * @return this builder
         */
        public Builder timelines(boolean enabled) {
            once("timelines", timelines);
            this.timelines = enabled;
            return this;
        }

        /**
         * Sets where timelines are kept, such as feed-redis's {@code RedisTimelines} shared by every
         * process. Default: {@link TimelineStore#inMemory} with {@link #timelineCapacity} entries,
         * when no shared tier is set. The store belongs to the host, which closes it.
         *
         * @param store the store
         * @return this builder
         */
        public Builder timelineStore(TimelineStore store) {
            once("timelineStore", timelineStore);
            this.timelineStore = Objects.requireNonNull(store, "timelineStore");
            return this;
        }

        /**
         * Sets how many candidates the default in-memory timeline of each viewer keeps; pages past
         * them come from the keyset source. Default {@value TimelineStore#DEFAULT_CAPACITY}. A
         * {@link #timelineStore} has its own capacity, and setting a different one here is an error.
         *
         * @param entries 1..{@value TimelineStore#MAX_CAPACITY}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder timelineCapacity(int entries) {
            once("timelineCapacity", timelineCapacity == UNSET ? null : timelineCapacity);
            this.timelineCapacity = range("timelineCapacity", entries, 1, TimelineStore.MAX_CAPACITY);
            return this;
        }

        /**
         * Sets how many followers make an author pulled: its posts are not pushed to every
         * follower's timeline but merged in at read time from its recent posts, kept in L1 and
         * reloaded when it publishes. Default 10,000.
         *
         * @param followers at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder pullThreshold(long followers) {
            once("pullThreshold", pullThreshold == UNSET ? null : pullThreshold);
            if (followers < 1) {
                throw new IllegalArgumentException("pullThreshold must be at least 1, was " + followers);
            }
            this.pullThreshold = followers;
            return this;
        }

        /**
         * Sets the pool that runs the write path (fan-out, merges, removals) and timeline rebuilds
         * off the callers' threads. Default 2 threads and a queue of 10,000 jobs; a write-path job
         * that finds the queue full is counted and retried, never dropped; a rebuild that finds it
         * full is skipped and tried again on the viewer's next read.
         *
         * @param threads 1..64
         * @param queue 1..1048576
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder fanOutPool(int threads, int queue) {
            once("fanOutPool", fanOutThreads == UNSET ? null : fanOutThreads + " threads, queue " + fanOutQueue);
            this.fanOutThreads = range("fan-out threads", threads, 1, 64);
            this.fanOutQueue = range("fan-out queue", queue, 1, 1 << 20);
            return this;
        }

        /**
         * Sets the store circuit breaker, in front of every database-backed SPI the assembler calls
         * (the source, the store, the follower and author post sources): after {@code failures}
         * consecutive calls that failed with {@link FeedUnavailableException} (down, frozen,
         * refused, or past a deadline they began with time left on), calls fail at once for
         * {@code coolDown}, then one call probes the database; its success closes the breaker,
         * its failure opens it again. Meanwhile pages come from stale candidates
         * ({@link #staleCandidates}) and cached entities, and a page that needs the store fails
         * at once instead of at its deadline. Runs on the {@link #ticker}. Default 5 failures,
         * 1 second; {@link FeedAssembler#health()} reports its state.
         *
         * @param failures 1..1000
         * @param coolDown between 10 ms and 10 minutes
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder storeCircuitBreaker(int failures, Duration coolDown) {
            once("storeCircuitBreaker", storeBreakerFailures == UNSET ? null
                    : storeBreakerFailures + " failures, " + storeBreakerCoolDown);
            Objects.requireNonNull(coolDown, "storeCircuitBreaker coolDown");
            int f = range("storeCircuitBreaker failures", failures, 1, 1000);
            if (coolDown.compareTo(Duration.ofMillis(10)) < 0 || coolDown.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("storeCircuitBreaker coolDown must be between 10 ms and 10 minutes,"
                        + " was " + coolDown);
            }
            this.storeBreakerFailures = f;
            this.storeBreakerCoolDown = coolDown;
            return this;
        }

        /**
         * Sets who follows whom, for fan-out. Default: the source or store, if it is a
         * {@link FollowerSource}.
         *
         * @param followers the follower source
         * @return this builder
         */
        public Builder followerSource(FollowerSource followers) {
            once("followerSource", followerSource);
            this.followerSource = Objects.requireNonNull(followers, "followerSource");
            return this;
        }

        /**
         * Sets where an author's newest posts come from, for follows and pulled authors. Default:
         * the source or store, if it is an {@link AuthorPostSource}.
         *
         * @param posts the author post source
         * @return this builder
         */
        public Builder authorPostSource(AuthorPostSource posts) {
            once("authorPostSource", authorPostSource);
            this.authorPostSource = Objects.requireNonNull(posts, "authorPostSource");
            return this;
        }

        /**
         * Builds the assembler and starts its pools.
         *
         * @return the assembler
         * @throws IllegalStateException if the source or store is missing, a shared tier is set
         *     without a {@link #cursorKey}, a previous cursor key is set without a current one or
         *     with its id, the negative TTL exceeds the entity TTL, or timelines are asked for but cannot be built (no follower or
         *     author post source, a shared tier without a timeline store, or capacities that differ)
         */
        public FeedAssembler build() {
            if (source == null) {
                throw new IllegalStateException("source is required; set FeedAssembler.Builder.source(..)");
            }
            if (store == null) {
                throw new IllegalStateException("store is required; set FeedAssembler.Builder.store(..)");
            }
            checkCursorKeys();
            FeedConfig config = config();
            if (config.negativeTtl().compareTo(config.entityTtl()) > 0) {
                throw new IllegalStateException("negativeTtl (" + config.negativeTtl() + ") must not exceed entityTtl ("
                        + config.entityTtl() + ")");
            }
            return new FeedAssembler(config);
        }

        private void checkCursorKeys() {
            if (cursorKey == null && !tiers.isEmpty()) {
                throw new IllegalStateException("cursorKey is required with a shared tier (" + tiers.get(0) + "): every"
                        + " instance must sign cursors with the same secret; set FeedAssembler.Builder.cursorKey(..)");
            }
            if (cursorKey == null && !previousCursorKeys.isEmpty()) {
                throw new IllegalStateException("previousCursorKey needs a current key to sign with; set"
                        + " FeedAssembler.Builder.cursorKey(id, key)");
            }
            if (previousCursorKeys.containsKey(cursorKeyId)) {
                throw new IllegalStateException("previousCursorKey id " + cursorKeyId + " is the id of cursorKey;"
                        + " give the new key a new id, as in cursorKey(" + (cursorKeyId + 1) % 256 + ", key)");
            }
        }

        /** Every accepted cursor key by id, the signing one included; the per-process key if none is set. */
        private Map<Integer, byte[]> cursorKeys() {
            if (cursorKey == null) {
                return Map.of(0, ProcessCursorKey.get());
            }
            Map<Integer, byte[]> keys = new HashMap<>(previousCursorKeys);
            keys.put(cursorKeyId, cursorKey);
            return Map.copyOf(keys);
        }

        /** The timeline store to use, or null when timelines are off; checks the timeline settings. */
        private TimelineStore timelineStore(FollowerSource followers, AuthorPostSource posts) {
            boolean possible = followers != null && posts != null && (timelineStore != null || tiers.isEmpty());
            if (Boolean.FALSE.equals(timelines) || timelines == null && !possible) {
                return null;
            }
            if (followers == null || posts == null) {
                throw new IllegalStateException("timelines need a FollowerSource and an AuthorPostSource; set "
                        + "FeedAssembler.Builder.followerSource(..) and authorPostSource(..), or timelines(false)");
            }
            if (timelineStore == null && !tiers.isEmpty()) {
                throw new IllegalStateException("timelines with a shared tier need a shared timeline store; set "
                        + "FeedAssembler.Builder.timelineStore(..) (e.g. RedisTimelines), or timelines(false)");
            }
            if (timelineStore != null && timelineCapacity != UNSET && timelineCapacity != timelineStore.capacity()) {
                throw new IllegalStateException("timelineCapacity (" + timelineCapacity + ") differs from the timeline"
                        + " store's capacity (" + timelineStore.capacity() + "); set one of them");
            }
            return timelineStore != null ? timelineStore
                    : TimelineStore.inMemory(or(timelineCapacity, TimelineStore.DEFAULT_CAPACITY));
        }

        private static <T> T as(Class<T> type, Object a, Object b) {
            return type.isInstance(a) ? type.cast(a) : type.isInstance(b) ? type.cast(b) : null;
        }

        /** The settings with every unset one at its documented default. */
        private FeedConfig config() {
            int cores = Math.max(2, Runtime.getRuntime().availableProcessors());
            FollowerSource followers = followerSource != null ? followerSource : as(FollowerSource.class, source, store);
            AuthorPostSource posts = authorPostSource != null ? authorPostSource
                    : as(AuthorPostSource.class, source, store);
            EntityStore checked = ExtraGuard.guard(store, or(maxExtraBytes, 4096));
            return new FeedConfig(source, checked, List.copyOf(tiers), writer, or(ranker, Ranker.CHRONOLOGICAL),
                    List.copyOf(listeners), l1MaximumWeight == UNSET ? 64L << 20 : l1MaximumWeight,
                    or(entityTtl, Duration.ofMinutes(5)), or(relationshipTtl, Duration.ofSeconds(60)),
                    or(negativeTtl, Duration.ofSeconds(5)), or(timeout, Duration.ofSeconds(1)),
                    or(candidateTtl, Duration.ZERO), or(staleCandidateTtl, Duration.ofMinutes(5)),
                    staleCandidateBytes == UNSET ? 16L << 20 : staleCandidateBytes, or(prewarm, Boolean.TRUE),
                    or(prewarmThreads, 1), or(prewarmQueue, 64), or(prewarmMaxTtlMultiplier, 8),
                    or(asyncThreads, cores), or(asyncQueue, 1024), or(scratchPoolSize, 4 * cores),
                    or(cursorKeyId, 0), cursorKeys(), or(ticker, Ticker.systemTicker()),
                    timelineStore(followers, posts), followers, posts, pullThreshold == UNSET ? 10_000 : pullThreshold,
                    or(fanOutThreads, 2), or(fanOutQueue, 10_000), or(storeBreakerFailures, 5),
                    or(storeBreakerCoolDown, Duration.ofSeconds(1)), or(maxExtraRounds, 3), or(scorer, Scorer.DEFAULT),
                    or(affinitySource, AffinitySource.NONE), or(rankedWindow, 300),
                    Double.isNaN(exploration) ? 0.1 : exploration, tracer);
        }

        private static <T> T or(T value, T fallback) {
            return value != null ? value : fallback;
        }

        private static int or(int value, int fallback) {
            return value != UNSET ? value : fallback;
        }

        private static void once(String setting, Object current) {
            if (current != null) {
                throw new IllegalStateException(setting + " was already set to " + current);
            }
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        private static int range(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }
}
