package dev.feedkit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The immutable settings of one {@link FeedAssembler}, with every default resolved: what
 * {@link FeedAssembler.Builder#build()} hands the pipeline, so that nothing below the assembler
 * reads the builder. The lists are unmodifiable copies; the cursor keys (by id, the signing one
 * included) are the builder's copies and are never handed out. {@code tracer} is null when none is set. {@code timelines} is null when timelines are off; then the follower and author
 * post sources may be null too.
 */
record FeedConfig(
        FeedSource source,
        EntityStore store,
        List<CacheTier> tiers,
        FeedWriter writer,
        Ranker ranker,
        List<FeedListener> listeners,
        long l1MaximumWeight,
        Duration entityTtl,
        Duration relationshipTtl,
        Duration negativeTtl,
        Duration timeout,
        Duration candidateTtl,
        Duration staleCandidateTtl,
        long staleCandidateBytes,
        boolean prewarm,
        int prewarmThreads,
        int prewarmQueue,
        int prewarmMaxTtlMultiplier,
        int asyncThreads,
        int asyncQueue,
        int scratchPoolSize,
        int cursorKeyId,
        Map<Integer, byte[]> cursorKeys,
        Ticker ticker,
        TimelineStore timelines,
        FollowerSource followers,
        AuthorPostSource authorPosts,
        long pullThreshold,
        int fanOutThreads,
        int fanOutQueue,
        int storeBreakerFailures,
        Duration storeBreakerCoolDown,
        int maxExtraRounds,
        Scorer scorer,
        AffinitySource affinities,
        int rankedWindow,
        double exploration,
        FeedTracer tracer) {

    /** @return these settings with every database-backed SPI behind {@code breaker} */
    FeedConfig guardedBy(StoreBreaker breaker) {
        return new FeedConfig(breaker.guard(source), breaker.guard(store), tiers, writer, ranker, listeners,
                l1MaximumWeight, entityTtl, relationshipTtl, negativeTtl, timeout, candidateTtl, staleCandidateTtl,
                staleCandidateBytes, prewarm, prewarmThreads, prewarmQueue, prewarmMaxTtlMultiplier, asyncThreads,
                asyncQueue, scratchPoolSize, cursorKeyId, cursorKeys, ticker, timelines, breaker.guard(followers),
                breaker.guardAuthorPosts(authorPosts), pullThreshold, fanOutThreads, fanOutQueue, storeBreakerFailures,
                storeBreakerCoolDown, maxExtraRounds, scorer, affinities, rankedWindow, exploration, tracer);
    }

    /** @return whether the assembler serves pages from timelines and fans writes out to them */
    boolean timelinesOn() {
        return timelines != null;
    }
}
