package dev.feedkit;

import java.time.Instant;

/**
 * A position in a feed: the {@code (created_at, id)} pair of the last post of the previous page.
 * The next page holds posts strictly older, that is with a smaller {@code (createdAtMicros, postId)}.
 *
 * @param createdAtMicros microseconds since the epoch
 * @param postId the post id
 */
public record Keyset(long createdAtMicros, long postId) {

    /** The position before the newest post: the first page starts here. */
    public static final Keyset START = new Keyset(Long.MAX_VALUE, Long.MAX_VALUE);

    /**
     * Returns whether a post at {@code (createdAtMicros, postId)} comes after this position.
     *
     * @param createdAtMicros the post's time
     * @param postId the post's id
     * @return {@code true} if the post belongs to a page that starts here
     */
    public boolean precedes(long createdAtMicros, long postId) {
        return createdAtMicros < this.createdAtMicros
                || createdAtMicros == this.createdAtMicros && postId < this.postId;
    }

    /** @return whether this is {@link #START} */
    public boolean isStart() {
        return equals(START);
    }

    /**
     * Converts an instant to whole microseconds since the epoch, dropping finer digits.
     *
     * @param t the instant
     * @return microseconds since the epoch
     */
    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    /**
     * Converts microseconds since the epoch to an instant.
     *
     * @param micros microseconds since the epoch
     * @return the instant
     */
    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
