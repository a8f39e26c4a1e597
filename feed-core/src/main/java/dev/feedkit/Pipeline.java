package dev.feedkit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * The assembly pipeline, one step after another:
 *
 *   cursor -> candidates (FeedSource, or the pre-warmed copy) -> the page's distinct keys (pooled
 *   scratch) -> Loader (L1, further tiers, ONE store call, single flight) -> filter -> rank ->
 *   FeedPage -> pre-warm the next page
 *
 * A chronological page is ChronologicalStep's rounds (more of them when filtering leaves the page
 * short, see Assembly); a ranked page is RankedStep's slices of its window, then ChronologicalStep
 * past the window.
 *
 * Each step lives in its own class beside this one; this class only orders them, times them,
 * reports the figures and, with a FeedTracer set, opens a span around each (Spans.start hands out
 * a shared no-op span when there is no tracer, so the untraced path allocates nothing). Every step
 * that reads time (deadlines, L1 TTLs, the candidate and
 * invalidation caches, these timings) reads the one Ticker of the assembler's config, so a fake
 * ticker drives all of them.
 */

/** Orchestrates the steps that assemble a page. Thread-safe. */
final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger("dev.feedkit.FeedAssembler");

    private final CursorCodec cursors;
    private final CandidateStep candidates;
    private final Loader loader;
    private final CaffeineTier l1;
    private final ScratchPool scratch;
    private final Ranker ranker;
    private final List<FeedListener> listeners;
    private final Duration timeout;
    private final Ticker ticker;
    private final Prewarmer prewarmer;
    private final ExecutorService forks;
    private final Timelines timelines;
    private final StoreBreaker breaker;
    private final RankedStep rankedStep;
    private final int maxExtraRounds;
    private final FeedTracer tracer;

    /** A page and its figures. */
    record Result(FeedPage page, FeedStats stats) {
    }

    Pipeline(FeedConfig settings) {
        this.breaker = new StoreBreaker(settings.storeBreakerFailures(), settings.storeBreakerCoolDown().toNanos(),
                settings.ticker());
        FeedConfig c = settings.guardedBy(breaker);
        this.cursors = new CursorCodec(c.cursorKeyId(), c.cursorKeys());
        this.ticker = c.ticker();
        this.tracer = c.tracer();
        this.timelines = c.timelinesOn() ? new Timelines(c, this::warmPost) : null;
        FeedSource source = timelines != null ? timelines.source() : c.source();
        this.candidates = new CandidateStep(source, timelines != null ? timelines.timelineOnly() : null,
                c.relationshipTtl().dividedBy(2), c.candidateTtl(), c.staleCandidateTtl(), c.staleCandidateBytes(), ticker,
                c.listeners());
        this.forks = Threads.boundedPool("feedkit-load", c.asyncThreads(), 64);
        CaffeineTier l1 = new CaffeineTier(c.l1MaximumWeight(), new Ttl(c.entityTtl(), c.relationshipTtl(), c.negativeTtl()),
                ticker);
        InvalidationLog invalidations = new InvalidationLog(c.timeout().multipliedBy(10).plusSeconds(30), ticker);
        this.l1 = l1;
        this.loader = new Loader(l1, c.tiers(), c.store(), invalidations, forks, ticker, tracer);
        this.scratch = new ScratchPool(c.scratchPoolSize());
        this.ranker = c.ranker();
        this.maxExtraRounds = c.maxExtraRounds();
        this.rankedStep = new RankedStep(c.scorer(), c.affinities(), c.rankedWindow(), c.exploration(), 32L << 20,
                ticker);
        this.listeners = c.listeners();
        this.timeout = c.timeout();
        this.prewarmer = c.prewarm()
                ? new Prewarmer(c.prewarmThreads(), c.prewarmQueue(), c.prewarmMaxTtlMultiplier(), this::prewarm, listeners,
                        tracer)
                : null;
        for (CacheTier tier : c.tiers()) {
            tier.subscribe(key -> invalidate(key, true));
            tier.subscribeResync(this::resync);
        }
    }

    Result assemble(FeedRequest request) {
        long viewer = request.viewerId();
        CursorCodec.Cursor at = position(request);
        boolean rankedWalk = at.ranked() || request.cursor() == null && request.mode() == FeedRequest.Mode.RANKED;
        Deadline deadline = Deadline.after(request.timeout() != null ? request.timeout() : timeout, ticker);
        Scratch s = scratch.acquire();
        try {
            Assembly a = new Assembly(viewer, request.limit(), at.seed(), deadline, s, candidates, loader, ticker,
                    maxExtraRounds, tracer);
            CursorCodec.Cursor next = rankedWalk ? ranked(a, at) : chronological(a, at);
            long t0 = ticker.read();
            if (!rankedWalk) {
                ranker.rank(viewer, at.seed(), s.items);
            }
            FeedPage page = new FeedPage(s.items, next == null ? null : cursors.encode(viewer, next), at.seed());
            long t1 = ticker.read();
            if (next != null && !next.ranked() && prewarmer != null) {
                prewarmer.submit(viewer, next.keyset(), a.limit);
            }
            Loader.Counts counts = a.counts;
            return new Result(page, new FeedStats(viewer, page.items().size(), a.candidatesRead, counts.l1Hits,
                    counts.l2Hits, counts.storeKeys, counts.coalescedKeys, counts.storeCalls, a.sourceNanos,
                    counts.l1Nanos, counts.l2Nanos, counts.storeNanos, a.filterNanos + t1 - t0, 0, a.stale,
                    a.extraRounds()));
        } finally {
            scratch.release(s);
        }
    }

    /** Fills a chronological page; returns the next page's cursor, or null at the feed's end. */
    private static CursorCodec.Cursor chronological(Assembly a, CursorCodec.Cursor at) {
        Keyset next = ChronologicalStep.fill(a, at.keyset());
        return next == null ? null : new CursorCodec.Cursor(next, a.seed);
    }

    /** Fills a ranked page from the window, then chronologically past it; returns the next page's cursor. */
    private CursorCodec.Cursor ranked(Assembly a, CursorCodec.Cursor at) {
        CursorCodec.Cursor c = rankedStep.fill(a, at);
        if (c == null || !c.window().done()) {
            return c;
        }
        if (!c.window().more()) {
            return null;
        }
        if (a.full()) {
            return c;
        }
        Keyset next = ChronologicalStep.fill(a, c.keyset());
        return next == null ? null : new CursorCodec.Cursor(next, a.seed, c.window());
    }

    /** @return the tracer, or null when none is set */
    FeedTracer tracer() {
        return tracer;
    }

    /** @return the L1's counters and size */
    FeedAssembler.L1Stats l1Stats() {
        return l1.stats();
    }

    /** @return the L1, for tests */
    CaffeineTier l1() {
        return l1;
    }

    /** Logs the page's debug line, tells the listeners and commits the JFR event if recorded. */
    void report(FeedStats st) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("feed page viewer={} items={} candidates={} l1_hits={} l2_hits={} store_keys={} coalesced={}"
                    + " store_calls={} source_us={} l1_us={} l2_us={} store_us={} filter_us={} write_us={} stale={}"
                    + " extra_rounds={}",
                    st.viewerId(), st.items(), st.candidates(), st.l1Hits(), st.l2Hits(), st.storeKeys(),
                    st.coalescedKeys(), st.storeCalls(), st.sourceNanos() / 1000, st.l1Nanos() / 1000,
                    st.l2Nanos() / 1000, st.storeNanos() / 1000, st.filterNanos() / 1000, st.writeNanos() / 1000,
                    st.staleCandidates(), st.extraRounds());
        }
        for (FeedListener l : listeners) {
            l.onPage(st);
        }
        PageEvent.commit(st);
    }

    void invalidate(CacheKey key) {
        invalidate(key, false);
    }

    /** @return the clock of every time-dependent step, for the assembler's write timing */
    Ticker ticker() {
        return ticker;
    }

    /** @return the breaker in front of the source and the store */
    StoreBreaker breaker() {
        return breaker;
    }

    /** @return the estimated bytes of the last-seen candidate pages kept for stale-if-error */
    long lastSeenBytes(boolean cleanUp) {
        return candidates.lastSeenBytes(cleanUp);
    }

    /** @return the pre-warmer, or null when pre-warming is off */
    Prewarmer prewarmer() {
        return prewarmer;
    }

    /** @return the timelines, or null when they are off */
    Timelines timelines() {
        return timelines;
    }

    void close() {
        if (timelines != null) {
            timelines.close();
        }
        if (prewarmer != null) {
            prewarmer.close();
        }
        forks.shutdown();
    }

    // ---------------------------------------------------------------- steps

    private CursorCodec.Cursor position(FeedRequest request) {
        if (request.cursor() == null) {
            long seed = request.seed() >= 0 ? request.seed() : ThreadLocalRandom.current().nextLong() >>> 1;
            return new CursorCodec.Cursor(Keyset.START, seed);
        }
        CursorCodec.Cursor c = cursors.decode(request.cursor(), request.viewerId());
        FeedRequest.Mode mode = c.ranked() ? FeedRequest.Mode.RANKED : FeedRequest.Mode.CHRONOLOGICAL;
        if (request.mode() != null && request.mode() != mode) {
            throw new InvalidRequestException(InvalidRequestException.INVALID_MODE, "mode "
                    + request.mode().name().toLowerCase(java.util.Locale.ROOT) + " does not match the cursor's mode "
                    + mode.name().toLowerCase(java.util.Locale.ROOT) + "; omit mode when continuing a walk");
        }
        if (request.seed() >= 0 && request.seed() != c.seed()) {
            throw new InvalidRequestException(InvalidRequestException.INVALID_SEED,
                    "seed " + request.seed() + " does not match the cursor's seed " + c.seed());
        }
        return c;
    }

    /** The pre-warm job: the next page's candidates and entities, into the caches. */
    private int prewarm(long viewer, Keyset after, int limit, int ttlMultiplier) {
        Scratch s = scratch.acquire();
        try {
            Deadline deadline = Deadline.after(timeout, ticker);
            if (!prefetch(viewer, after, limit + 1, s.candidates, deadline)) {
                return 0; // pre-warmed already and not yet asked for
            }
            s.wanted.reset(viewer);
            PageFilter.collectKeys(s.candidates, limit, s.wanted);
            Loader.Counts counts = new Loader.Counts();
            loader.load(s, deadline, ttlMultiplier, counts);
            return counts.loadedKeys();
        } finally {
            scratch.release(s);
        }
    }

    private boolean prefetch(long viewer, Keyset after, int max, Candidates out, Deadline deadline) {
        FeedTracer.Span span = Spans.start(tracer, FeedTracer.Stage.SOURCE);
        try {
            boolean fetched = candidates.prefetch(viewer, after, max, out, deadline);
            span.set(FeedTracer.Figure.CANDIDATES, out.size());
            return fetched;
        } catch (RuntimeException | Error e) {
            span.fail(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Loads a new post and its author into the caches, for the write path: its followers' next pages hit L1. */
    private void warmPost(long postId, long authorId) {
        Scratch s = scratch.acquire();
        try {
            s.candidates.add(postId, authorId, 0);
            s.wanted.reset(authorId);
            PageFilter.collectKeys(s.candidates, 1, s.wanted);
            loader.load(s, Deadline.after(timeout, ticker), 1, new Loader.Counts());
        } finally {
            scratch.release(s);
        }
    }

    /**
     * After a gap in peers' invalidations (a tier's resync): drops every entry and kept page that
     * an invalidation published during the gap may have concerned. Clearing, not replaying a log
     * of the gap: see feed-redis's README for the comparison.
     */
    private void resync() {
        loader.invalidateAll();
        candidates.forgetAll();
        if (timelines != null) {
            timelines.resync();
        }
    }

    private void invalidate(CacheKey key, boolean fromPeer) {
        loader.invalidate(key, fromPeer);
        if (key.kind() == EntityKind.RELATIONSHIP) {
            candidates.forgetViewer(key.viewerId());
        }
    }
}
