package dev.feedkit;

/**
 * The figures of one assembled page: stage timings and counts. The same figures go to the debug
 * log line and to every {@link FeedListener}.
 *
 * @param viewerId the viewer
 * @param items items on the page
 * @param candidates candidates the source returned (the limit plus one at most)
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
 */
public record FeedStats(long viewerId, int items, int candidates, int l1Hits, int l2Hits, int storeKeys,
        int coalescedKeys, int storeCalls, long sourceNanos, long l1Nanos, long l2Nanos, long storeNanos,
        long filterNanos, long writeNanos, boolean staleCandidates) {

    /**
     * Returns a copy with the write time set.
     *
     * @param nanos the time spent writing
     * @return the stats with {@code writeNanos}
     */
    public FeedStats withWriteNanos(long nanos) {
        return new FeedStats(viewerId, items, candidates, l1Hits, l2Hits, storeKeys, coalescedKeys, storeCalls,
                sourceNanos, l1Nanos, l2Nanos, storeNanos, filterNanos, nanos, staleCandidates);
    }
}
