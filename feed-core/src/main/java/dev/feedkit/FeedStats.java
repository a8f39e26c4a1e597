package dev.feedkit;

/**
 * The figures of one assembled page: stage timings and counts. The same figures go to the debug
 * log line and to every {@link FeedListener}.
 *
 * @param viewerId the viewer
 * @param items items on the page
 * @param candidates candidates the source returned, over every round (the limit plus one per
 *     round at most; a ranked first page reads its whole window)
 * @param l1Hits keys found in L1
 * @param l2Hits keys found in the other tiers
 * @param storeKeys keys this request loaded from the store
 * @param coalescedKeys keys this request waited for while another request loaded them
 * @param storeCalls calls to {@link EntityStore#load}: 0 or 1
 * @param sourceNanos time in {@link FeedSource#candidates}
 * @param l1Nanos time in L1
 * @param l2Nanos time in the other tiers
 * @param storeNanos time loading from the store, or waiting for another request's load
 * @param filterNanos time filtering and ranking
 * @param writeNanos time writing, 0 when only assembled
 * @param staleCandidates whether the source failed and the candidates are a stale copy: the last
 *     ones seen for this page, or the viewer's timeline alone (see
 *     {@code FeedAssembler.Builder.staleCandidates}); the entities are as fresh as the caches
 * @param extraRounds further rounds of candidates fetched because filtering left the page short
 *     of its limit (0..{@code FeedAssembler.Builder.maxExtraRounds}); with a ranked page, further
 *     slices of the window loaded for the same reason
 */
public record FeedStats(long viewerId, int items, int candidates, int l1Hits, int l2Hits, int storeKeys,
        int coalescedKeys, int storeCalls, long sourceNanos, long l1Nanos, long l2Nanos, long storeNanos,
        long filterNanos, long writeNanos, boolean staleCandidates, int extraRounds) {

    /**
     * Creates the figures of a page assembled in one round ({@code extraRounds} 0): the
     * constructor from before extra rounds were counted, kept for hosts and tools that build
     * figures themselves.
     *
     * @param viewerId see the record
     * @param items see the record
     * @param candidates see the record
     * @param l1Hits see the record
     * @param l2Hits see the record
     * @param storeKeys see the record
     * @param coalescedKeys see the record
     * @param storeCalls see the record
     * @param sourceNanos see the record
     * @param l1Nanos see the record
     * @param l2Nanos see the record
     * @param storeNanos see the record
     * @param filterNanos see the record
     * @param writeNanos see the record
     * @param staleCandidates see the record
     */
    public FeedStats(long viewerId, int items, int candidates, int l1Hits, int l2Hits, int storeKeys,
            int coalescedKeys, int storeCalls, long sourceNanos, long l1Nanos, long l2Nanos, long storeNanos,
            long filterNanos, long writeNanos, boolean staleCandidates) {
        this(viewerId, items, candidates, l1Hits, l2Hits, storeKeys, coalescedKeys, storeCalls, sourceNanos, l1Nanos,
                l2Nanos, storeNanos, filterNanos, writeNanos, staleCandidates, 0);
    }

    /**
     * Returns a copy with the write time set.
     *
     * @param nanos the time spent writing
     * @return the stats with {@code writeNanos}
     */
    public FeedStats withWriteNanos(long nanos) {
        return new FeedStats(viewerId, items, candidates, l1Hits, l2Hits, storeKeys, coalescedKeys, storeCalls,
                sourceNanos, l1Nanos, l2Nanos, storeNanos, filterNanos, nanos, staleCandidates, extraRounds);
    }
}
