package dev.feedkit;

import com.github.benmanes.caffeine.cache.Ticker;

/*
 * Full pages: filtering at read time (a post deleted after the candidates were read, a block, a
 * relationship that hides its author) can leave a page short. Each step then runs further rounds,
 * bounded by maxExtraRounds, and the page's cursor points right after the last candidate examined,
 * so a walk stays exact whatever the rounds did. The budget counts every round of the page: the
 * first is free, the rest are the extra rounds in FeedStats.
 */

/** One page being assembled: its request, scratch, budget of rounds and figures. Not thread-safe. */
final class Assembly {
    final long viewer;
    final int limit;
    final long seed;
    final Deadline deadline;
    final Scratch s;
    final Loader.Counts counts = new Loader.Counts();
    private final CandidateStep candidates;
    private final Loader loader;
    private final Ticker ticker;
    private final int maxRounds;
    private final FeedTracer tracer;
    private int rounds;
    int candidatesRead;
    boolean stale;
    long sourceNanos;
    long filterNanos;

    Assembly(long viewer, int limit, long seed, Deadline deadline, Scratch s, CandidateStep candidates, Loader loader,
            Ticker ticker, int maxExtraRounds, FeedTracer tracer) {
        this.viewer = viewer;
        this.limit = limit;
        this.seed = seed;
        this.deadline = deadline;
        this.s = s;
        this.candidates = candidates;
        this.loader = loader;
        this.ticker = ticker;
        this.maxRounds = 1 + maxExtraRounds;
        this.tracer = tracer;
    }

    /** @return whether the page holds {@code limit} items */
    boolean full() {
        return s.items.size() >= limit;
    }

    /** Starts a round if the budget allows; the first round of a page always starts. */
    boolean startRound() {
        if (rounds >= maxRounds) {
            return false;
        }
        rounds++;
        return true;
    }

    /** @return whether a round ran before the current one: a failure then shortens the page instead of failing it */
    boolean extraRound() {
        return rounds > 1;
    }

    /** @return the rounds beyond the first */
    int extraRounds() {
        return Math.max(0, rounds - 1);
    }

    /** Replaces the scratch's candidates with up to {@code max} after {@code from}. */
    void fetch(Keyset from, int max) {
        s.candidates.clear();
        FeedTracer.Span span = Spans.start(tracer, FeedTracer.Stage.SOURCE);
        long t0 = ticker.read();
        try {
            stale |= candidates.fetch(viewer, from, max, s.candidates, deadline);
            span.set(FeedTracer.Figure.CANDIDATES, s.candidates.size());
        } catch (RuntimeException | Error e) {
            span.fail(e);
            throw e;
        } finally {
            sourceNanos += ticker.read() - t0;
            span.end();
        }
        candidatesRead += s.candidates.size();
    }

    /** Loads the post, author and relationship of candidates {@code from} (inclusive) to {@code to} of {@code c}. */
    void load(Candidates c, int from, int to) {
        s.wanted.reset(viewer);
        PageFilter.collectKeys(c, from, to, s.wanted);
        loader.load(s, deadline, 1, counts);
    }

    /** Loads the posts alone of the first {@code n} candidates of {@code c}: the features of a ranked window. */
    void loadPosts(Candidates c, int n) {
        s.wanted.reset(viewer);
        for (int i = 0; i < n; i++) {
            s.wanted.add(EntityKind.POST, c.postId(i));
        }
        loader.load(s, deadline, 1, counts);
    }

    /**
     * Appends the visible items of candidates {@code from}..{@code to} of {@code c} until the page is full.
     *
     * @return the index after the last candidate examined
     */
    int fill(Candidates c, int from, int to) {
        FeedTracer.Span span = Spans.start(tracer, FeedTracer.Stage.FILTER);
        long t0 = ticker.read();
        try {
            return PageFilter.fill(c, from, to, s.found, s.items, limit);
        } finally {
            filterNanos += ticker.read() - t0;
            span.end();
        }
    }

    /** @return the clock of the page's figures */
    Ticker ticker() {
        return ticker;
    }
}
