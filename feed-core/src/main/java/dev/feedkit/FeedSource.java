package dev.feedkit;

/**
 * Finds the candidates of a viewer's home feed, one keyset page at a time. Stable contract.
 *
 * <p>A source returns the posts authored by the viewer or by users the viewer follows, not
 * soft-deleted, and not authored by someone who blocked the viewer, whom the viewer blocked or
 * whom the viewer muted, ordered by {@code (created_at, id)} descending, strictly after
 * {@code after}. The pipeline re-checks deletion, blocks and mutes against the cached entities, so a source may be slightly stale,
 * but never out of order.
 *
 * <p>Implementations must be thread-safe.
 */
public interface FeedSource {

    /**
     * Appends up to {@code max} candidates to {@code out}, newest first.
     *
     * @param viewerId the viewer; an unknown viewer has no candidates
     * @param after the position to continue after; {@link Keyset#START} for the first page
     * @param max the most candidates to append (the page limit plus one)
     * @param out the buffer to append to, empty on entry
     * @param deadline when the caller stops waiting
     * @throws FeedUnavailableException if the source is down or the deadline passes
     */
    void candidates(long viewerId, Keyset after, int max, Candidates out, Deadline deadline);
}
