package dev.feedkit;

/**
 * Reads one author's live posts as candidates, newest first by {@code (created_at, id)}, one keyset
 * page at a time: the posts pulled in at read time for authors with very many followers, and those
 * merged into a timeline when a viewer follows the author. Stable contract.
 *
 * <p>Soft-deleted posts are left out. Blocks are not applied: they depend on the viewer, and the
 * caller (and the read-time filter) applies them. Implementations must be thread-safe.
 */
public interface AuthorPostSource {

    /**
     * Appends up to {@code max} live posts of the author strictly after {@code after} to
     * {@code out}, newest first.
     *
     * @param authorId the author; an unknown author has no posts
     * @param after the position to continue after; {@link Keyset#START} for the newest
     * @param max the most posts to append, at least 1
     * @param out the buffer to append to
     * @param deadline when the caller stops waiting
     * @throws IllegalArgumentException if {@code max} is less than 1
     * @throws FeedUnavailableException if the source is down or the deadline passes
     */
    void authorPosts(long authorId, Keyset after, int max, Candidates out, Deadline deadline);
}
