package dev.feedkit;

/** Fills a page from the keyset order, in as many rounds as filtering and the budget need. Thread-safe. */
final class ChronologicalStep {
    private ChronologicalStep() {
    }

    /**
     * Appends the visible items after {@code from} until the page is full, the feed ends or the
     * page's rounds run out. A round that fails after an earlier one ends the page short instead
     * of failing it.
     *
     * @return where the next page starts: right after the last candidate examined; null at the feed's end
     * @throws FeedUnavailableException if the page's first round fails
     */
    static Keyset fill(Assembly a, Keyset from) {
        Candidates c = a.s.candidates;
        while (a.startRound()) {
            try {
                a.fetch(from, a.limit + 1);
                a.load(c, 0, a.limit);
            } catch (FeedUnavailableException e) {
                if (!a.extraRound()) {
                    throw e;
                }
                return from;
            }
            int examined = a.fill(c, 0, a.limit);
            if (c.size() <= examined) {
                return null;
            }
            from = new Keyset(c.createdAtMicros(examined - 1), c.postId(examined - 1));
            if (a.full()) {
                return from;
            }
        }
        return from;
    }
}
