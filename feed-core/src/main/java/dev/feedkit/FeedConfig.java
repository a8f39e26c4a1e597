package dev.feedkit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;

/**
 * The immutable settings of one {@link FeedAssembler}, with every default resolved: what
 * {@link FeedAssembler.Builder#build()} hands the pipeline, so that nothing below the assembler
 * reads the builder. The lists are unmodifiable copies; the cursor key is the builder's copy and is
 * never handed out. {@code timelines} is null when timelines are off; then the follower and author
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
        byte[] cursorKey,
        Ticker ticker,
        TimelineStore timelines,
        FollowerSource followers,
        AuthorPostSource authorPosts,
        long pullThreshold,
        int fanOutThreads,
        int fanOutQueue) {

    /** @return whether the assembler serves pages from timelines and fans writes out to them */
    boolean timelinesOn() {
        return timelines != null;
    }
}
