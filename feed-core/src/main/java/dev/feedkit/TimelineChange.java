package dev.feedkit;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one step of the timeline write path changed, as sent to other processes through a shared
 * {@link CacheTier}: the viewers whose newest page must be read again, and the author whose recent
 * posts must be reloaded when a pulled (high-follower) author published or deleted a post. One
 * change covers one fan-out batch, so a post reaching 10,000 followers is about ten messages.
 *
 * @param viewerIds the viewers, the first {@code count} used
 * @param count how many viewers
 * @param pulledAuthorId the pulled author whose recent posts changed, or {@code -1}
 * @param followsChanged whether the viewers' follows or blocks changed (they forget which pulled
 *     authors they follow)
 */
public record TimelineChange(long[] viewerIds, int count, long pulledAuthorId, boolean followsChanged) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if {@code count} is out of {@code 0..viewerIds.length}
     */
    public TimelineChange {
        Objects.requireNonNull(viewerIds, "viewerIds");
        if (count < 0 || count > viewerIds.length) {
            throw new IllegalArgumentException("count must be between 0 and " + viewerIds.length + ", was " + count);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimelineChange c && count == c.count && pulledAuthorId == c.pulledAuthorId
                && followsChanged == c.followsChanged
                && Arrays.equals(viewerIds, 0, count, c.viewerIds, 0, c.count);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, pulledAuthorId, followsChanged, Arrays.hashCode(Arrays.copyOf(viewerIds, count)));
    }

    @Override
    public String toString() {
        return "TimelineChange[viewers=" + Arrays.toString(Arrays.copyOf(viewerIds, count)) + ", pulledAuthor="
                + pulledAuthorId + ", followsChanged=" + followsChanged + "]";
    }
}
