package dev.feedkit;

import java.util.Arrays;

/**
 * A buffer of feed candidates, newest first, as a {@link FeedSource} appends them: for each, the
 * post id, its author and its keyset time. Parallel primitive arrays, pooled and reused across
 * requests. Not thread-safe.
 */
public final class Candidates {
    private long[] postIds;
    private long[] authorIds;
    private long[] createdAtMicros;
    private int size;

    /** Creates a buffer sized for the largest page plus one. */
    public Candidates() {
        this(FeedRequest.MAX_LIMIT + 1);
    }

    /**
     * Creates a buffer of the given initial capacity.
     *
     * @param capacity the initial capacity
     */
    public Candidates(int capacity) {
        postIds = new long[capacity];
        authorIds = new long[capacity];
        createdAtMicros = new long[capacity];
    }

    /**
     * Appends a candidate. Sources append in feed order: {@code (createdAtMicros, postId)}
     * descending.
     *
     * @param postId the post
     * @param authorId its author
     * @param createdAtMicros its creation time in microseconds since the epoch
     */
    public void add(long postId, long authorId, long createdAtMicros) {
        if (size == postIds.length) {
            int cap = size * 2;
            postIds = Arrays.copyOf(postIds, cap);
            authorIds = Arrays.copyOf(authorIds, cap);
            this.createdAtMicros = Arrays.copyOf(this.createdAtMicros, cap);
        }
        postIds[size] = postId;
        authorIds[size] = authorId;
        this.createdAtMicros[size] = createdAtMicros;
        size++;
    }

    /** @return the number of candidates */
    public int size() {
        return size;
    }

    /**
     * @param i 0..size()-1
     * @return the post id of candidate {@code i}
     */
    public long postId(int i) {
        return postIds[check(i)];
    }

    /**
     * @param i 0..size()-1
     * @return the author id of candidate {@code i}
     */
    public long authorId(int i) {
        return authorIds[check(i)];
    }

    /**
     * @param i 0..size()-1
     * @return the creation time of candidate {@code i}, microseconds since the epoch
     */
    public long createdAtMicros(int i) {
        return createdAtMicros[check(i)];
    }

    /** Empties the buffer, keeping its capacity. */
    public void clear() {
        size = 0;
    }

    /**
     * Replaces the contents with a copy of {@code other}.
     *
     * @param other the buffer to copy
     */
    public void copyFrom(Candidates other) {
        clear();
        for (int i = 0; i < other.size; i++) {
            add(other.postIds[i], other.authorIds[i], other.createdAtMicros[i]);
        }
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("candidate " + i + " out of 0.." + (size - 1));
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Candidates[");
        for (int i = 0; i < size; i++) {
            b.append(i == 0 ? "" : ", ").append(postIds[i]).append('@').append(createdAtMicros[i]);
        }
        return b.append(']').toString();
    }
}
