package dev.feedkit;

/**
 * Supplies a viewer's affinity to authors for ranked feeds: for example how often the viewer
 * opened each author's posts lately. Stable contract; the host owns the data and its scale (any
 * non-negative number; the default scorer takes {@code ln(1 + affinity)}).
 *
 * <p>Called once per ranked window, with the window's distinct authors, on the request's thread.
 * It must be thread-safe and fast: a slow source slows every ranked first page. An exception fails
 * the page.
 */
@FunctionalInterface
public interface AffinitySource {

    /** No affinity to anyone: every author scores 0. */
    AffinitySource NONE = (viewerId, authorIds, out) -> { };

    /**
     * Fills {@code out[i]} with the viewer's affinity to {@code authorIds[i]}.
     *
     * @param viewerId the viewer
     * @param authorIds distinct authors; do not modify
     * @param out zeros on entry, as long as {@code authorIds}; leave 0 for no affinity
     */
    void affinities(long viewerId, long[] authorIds, double[] out);
}
