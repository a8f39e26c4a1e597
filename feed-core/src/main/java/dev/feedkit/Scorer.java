package dev.feedkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Scores one candidate of a ranked feed's window: a higher score ranks earlier. Stable contract.
 *
 * <p>A ranked first page scores each candidate of its window once (see
 * {@link FeedAssembler.Builder#rankedWindow(int)}); the order is kept for the walk, so a scorer is
 * not called again for the window's later pages unless another instance serves them. A scorer must
 * be a pure function of its {@link Features}: the same features give the same score, so the same
 * viewer, window anchor and seed give the same order. It must be thread-safe and fast (no I/O:
 * per-viewer data reaches it through {@link AffinitySource}).
 */
@FunctionalInterface
public interface Scorer {

    /** Recency decay plus affinity: {@link #recencyAndAffinity} with a 6-hour half-life and weight 0.5. */
    Scorer DEFAULT = recencyAndAffinity(Duration.ofHours(6), 0.5);

    /**
     * Scores a candidate.
     *
     * @param features what is known of the candidate
     * @return its score; higher ranks earlier. NaN ranks last
     */
    double score(Features features);

    /**
     * Returns the scorer {@code 2^(-age / halfLife) + affinityWeight * ln(1 + affinity)}: a post
     * loses half its recency score every {@code halfLife}, and an author the viewer opens often
     * keeps its posts up, with diminishing returns. Engagement counts are not used.
     *
     * @param halfLife a positive duration
     * @param affinityWeight a non-negative weight
     * @return the scorer
     * @throws IllegalArgumentException if {@code halfLife} is not positive or the weight is negative or not finite
     */
    static Scorer recencyAndAffinity(Duration halfLife, double affinityWeight) {
        Objects.requireNonNull(halfLife, "halfLife");
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("halfLife must be positive, was " + halfLife);
        }
        if (!(affinityWeight >= 0) || Double.isInfinite(affinityWeight)) {
            throw new IllegalArgumentException("affinityWeight must be a non-negative number, was " + affinityWeight);
        }
        double halfLifeMicros = halfLife.toNanos() / 1_000.0;
        return f -> Math.pow(2, -f.ageMicros() / halfLifeMicros) + affinityWeight * Math.log1p(f.affinity());
    }

    /**
     * The features of one candidate.
     *
     * @param viewerId the viewer
     * @param postId the post
     * @param authorId its author
     * @param ageMicros how much older the post is than the window's newest candidate (its anchor),
     *     in microseconds, 0 or more: measured from the anchor, not the wall clock, so that the
     *     order is a function of the window alone
     * @param affinity the viewer's affinity to the author as the {@link AffinitySource} gives it
     *     (for example how often the viewer opened that author's posts), 0 when none
     * @param likes the post's like count, 0 if the post could not be loaded
     * @param replies the post's reply count, 0 if the post could not be loaded
     * @param seed the walk's seed
     */
    record Features(long viewerId, long postId, long authorId, long ageMicros, double affinity, int likes,
            int replies, long seed) {
    }
}
