package dev.feedkit;

/**
 * Reads who follows an author, for fan-out on write: the followers in ascending id order, one
 * batch at a time, and how many there are up to a bound. Stable contract.
 *
 * <p>Like a {@link FeedSource}, a follower source may be slightly stale. Implementations must be
 * thread-safe.
 */
public interface FollowerSource {

    /**
     * Fills {@code out} with the next followers of an author, in ascending id order, strictly
     * after {@code afterId}: pass {@code -1} for the first batch, then the last id of the previous
     * batch. A batch shorter than {@code out} is the last one.
     *
     * @param authorId the author
     * @param afterId the follower id to continue after; {@code -1} to start
     * @param out receives the follower ids from index 0; its length is the batch size
     * @param deadline when the caller stops waiting
     * @return how many ids were written to {@code out}
     * @throws FeedUnavailableException if the source is down or the deadline passes
     */
    int followers(long authorId, long afterId, long[] out, Deadline deadline);

    /**
     * Counts an author's followers, stopping at {@code atMost}, so that deciding whether an
     * author is above the fan-out threshold costs at most that many index entries, however many
     * followers the author has.
     *
     * @param authorId the author
     * @param atMost where to stop counting, at least 1
     * @param deadline when the caller stops waiting
     * @return the number of followers, or {@code atMost} if there are that many or more
     * @throws IllegalArgumentException if {@code atMost} is less than 1
     * @throws FeedUnavailableException if the source is down or the deadline passes
     */
    long followerCount(long authorId, long atMost, Deadline deadline);
}
