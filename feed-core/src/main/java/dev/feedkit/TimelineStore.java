package dev.feedkit;

/*
 * Why these states. A timeline stands for a range of the viewer's feed, never for a guess: when it
 * is complete it holds every candidate; when it is truncated (cut at the capacity, or built from a
 * bounded read) it holds every candidate at or newer than its oldest entry, and the feed goes on in
 * the FeedSource past that entry. Every operation keeps that true:
 * - a push older than a truncated timeline's oldest entry is left out (the source has it);
 * - a merge of an author's newest posts that may not be all of them cuts the timeline at the
 *   oldest of those posts (older ones of that author would be a hole);
 * - a truncated timeline that loses its last entry is dropped, since its floor is gone.
 *
 * Why rebuilding takes two calls. A rebuild reads the database and then writes the timeline; a
 * post fanned out in between would be lost. startRebuild opens a pending timeline that collects
 * pushes; finishRebuild merges the database's entries into it and publishes it. A drop, an author
 * removal or a merge during the rebuild discards the pending timeline (the database read may
 * predate that change), so finishRebuild then answers false and the next read rebuilds again.
 */

/**
 * The materialized home timelines of viewers: for each, the newest candidates of its feed, at most
 * {@link #capacity()} of them, in feed order {@code (createdAtMicros, postId)} descending.
 * Stable contract.
 *
 * <p>A viewer has no timeline (it was never built, was dropped, or expired), a timeline being
 * rebuilt (read as missing), or a timeline that is complete (it holds the whole feed) or truncated
 * (it holds the feed down to its oldest entry; older candidates are in the {@link FeedSource}). A
 * missing timeline must be rebuilt, never served as empty: {@link #read} tells the two apart.
 *
 * <pre>{@code
 * TimelineStore timelines = TimelineStore.inMemory(TimelineStore.DEFAULT_CAPACITY);
 * if (timelines.read(viewer, Keyset.START, 21, out, deadline) == TimelineStore.Read.MISSING
 *         && timelines.startRebuild(viewer)) {
 *     source.candidates(viewer, Keyset.START, timelines.capacity(), newest, deadline);
 *     timelines.finishRebuild(viewer, newest, newest.size() < timelines.capacity());
 * }
 * }</pre>
 *
 * <p>Ids and times are non-negative. Writes are idempotent: applying one twice leaves the same
 * timelines, so a failed batch may be sent again. Implementations must be thread-safe.
 */
public interface TimelineStore extends AutoCloseable {

    /** How many entries a timeline keeps unless configured otherwise. */
    int DEFAULT_CAPACITY = 800;

    /** The largest capacity an implementation accepts. */
    int MAX_CAPACITY = 100_000;

    /**
     * Returns a store that keeps timelines in this process's heap, about 24 bytes per entry, until
     * they are dropped; for tests and a single-instance deployment.
     *
     * @param capacity how many entries each timeline keeps, 1..{@value #MAX_CAPACITY}
     * @return a new, empty store
     * @throws IllegalArgumentException if {@code capacity} is out of range
     */
    static TimelineStore inMemory(int capacity) {
        return new InMemoryTimelineStore(capacity);
    }

    /** What a {@link #read} found. */
    enum Read {
        /**
         * The viewer has no timeline, or one still being rebuilt; nothing was appended. Read the
         * page from the source and rebuild the timeline.
         */
        MISSING,
        /**
         * The page is in {@code out}: {@code max} entries, or fewer because the feed ends there.
         */
        HIT,
        /**
         * {@code out} holds every entry of the timeline after the position, fewer than {@code max},
         * and the feed goes on past the timeline's oldest entry: read the rest of the page from the
         * source, after the last entry appended (or after the position if none was).
         */
        TRUNCATED
    }

    /**
     * Returns how many entries each timeline keeps; older ones are cut.
     *
     * @return the capacity
     */
    int capacity();

    /**
     * Appends up to {@code max} entries of the viewer's timeline strictly after {@code after},
     * newest first, the way a {@link FeedSource} does.
     *
     * @param viewerId the viewer
     * @param after the position to continue after; {@link Keyset#START} for the first page
     * @param max the most entries to append, at least 1
     * @param out the buffer to append to
     * @param deadline when the caller stops waiting
     * @return what was found; {@link Read#MISSING} appends nothing
     * @throws IllegalArgumentException if {@code max} is less than 1
     * @throws FeedUnavailableException if the store cannot answer before the deadline
     */
    Read read(long viewerId, Keyset after, int max, Candidates out, Deadline deadline);

    /**
     * Adds one post to the timelines of viewers that have one (or have one being rebuilt), each
     * cut to the capacity; a viewer without a timeline is left without one.
     *
     * @param postId the post
     * @param authorId its author
     * @param createdAtMicros its creation time in microseconds since the epoch
     * @param viewerIds the viewers, the first {@code viewerCount} used
     * @param viewerCount how many viewers
     * @throws IllegalArgumentException if an id or the time is negative, or the count is out of range
     * @throws FeedUnavailableException if the store could not apply the whole batch; some timelines
     *     may hold the post, and sending the batch again is safe
     */
    void push(long postId, long authorId, long createdAtMicros, long[] viewerIds, int viewerCount);

    /**
     * Starts rebuilding a viewer's timeline: from now on pushes to the viewer are kept until
     * {@link #finishRebuild}. Does nothing if the viewer has a timeline or one being rebuilt.
     *
     * @param viewerId the viewer
     * @return {@code true} if a rebuild is under way (started now or earlier), {@code false} if
     *     the viewer has a timeline
     * @throws FeedUnavailableException if the store cannot be reached
     */
    boolean startRebuild(long viewerId);

    /**
     * Finishes a rebuild: the viewer's timeline becomes {@code entries} together with what was
     * pushed since {@link #startRebuild}, cut to the capacity.
     *
     * @param viewerId the viewer
     * @param entries the newest candidates of the viewer's feed, read after the rebuild started
     * @param complete whether {@code entries} are the whole feed; if not, nothing older than the
     *     oldest of them is kept
     * @return {@code false} if no rebuild was under way (never started, finished by another
     *     caller, or discarded by a drop or a change of follows); nothing changed then
     * @throws IllegalArgumentException if {@code entries} is empty but not complete, or holds a
     *     negative id or time
     * @throws FeedUnavailableException if the store cannot be reached
     */
    boolean finishRebuild(long viewerId, Candidates entries, boolean complete);

    /**
     * Adds an author's newest posts to a viewer's timeline, as when the viewer follows the author,
     * cut to the capacity. A rebuild under way is discarded instead, since it may have read the
     * database before the follow.
     *
     * @param viewerId the viewer
     * @param entries the author's newest posts
     * @param complete whether {@code entries} are all of the author's posts; if not, nothing older
     *     than the oldest of them is kept
     * @return {@code false} if the viewer has no timeline; nothing was added then
     * @throws IllegalArgumentException if {@code entries} is empty but not complete, or holds a
     *     negative id or time
     * @throws FeedUnavailableException if the store cannot be reached
     */
    boolean merge(long viewerId, Candidates entries, boolean complete);

    /**
     * Removes every entry of one author from a viewer's timeline, as after an unfollow or a block.
     * A rebuild under way is discarded instead.
     *
     * @param viewerId the viewer
     * @param authorId the author
     * @throws FeedUnavailableException if the store cannot be reached
     */
    void removeAuthor(long viewerId, long authorId);

    /**
     * Removes one post from the timelines of the given viewers, as after a deletion.
     *
     * @param postId the post
     * @param authorId its author
     * @param createdAtMicros its creation time in microseconds since the epoch
     * @param viewerIds the viewers, the first {@code viewerCount} used
     * @param viewerCount how many viewers
     * @throws IllegalArgumentException if an id or the time is negative, or the count is out of range
     * @throws FeedUnavailableException if the store could not apply the whole batch
     */
    void removePost(long postId, long authorId, long createdAtMicros, long[] viewerIds, int viewerCount);

    /**
     * Drops a viewer's timeline, and any rebuild under way, so that the next read rebuilds it.
     *
     * @param viewerId the viewer
     * @throws FeedUnavailableException if the store cannot be reached
     */
    void drop(long viewerId);

    /** Releases what the store holds open (connections); the default holds nothing. */
    @Override
    default void close() {
    }
}
