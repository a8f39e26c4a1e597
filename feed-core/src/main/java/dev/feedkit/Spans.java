package dev.feedkit;

/** Starts stage spans on an optional tracer: a shared no-op span when there is none. */
final class Spans {
    /** The span of every stage when no tracer is set. */
    static final FeedTracer.Span NONE = new FeedTracer.Span() {
        @Override
        public void set(FeedTracer.Figure figure, long value) {
        }

        @Override
        public void fail(Throwable error) {
        }

        @Override
        public void end() {
        }
    };

    private Spans() {
    }

    /** Sets a page span's figures from the page's stats. */
    static void page(FeedTracer.Span span, FeedStats st) {
        if (span == NONE) {
            return;
        }
        span.set(FeedTracer.Figure.VIEWER, st.viewerId());
        span.set(FeedTracer.Figure.ITEMS, st.items());
        span.set(FeedTracer.Figure.CANDIDATES, st.candidates());
        span.set(FeedTracer.Figure.STALE, st.staleCandidates() ? 1 : 0);
    }

    /** @return a started span of {@code stage}, or {@link #NONE} when {@code tracer} is null */
    static FeedTracer.Span start(FeedTracer tracer, FeedTracer.Stage stage) {
        return tracer == null ? NONE : tracer.start(stage);
    }
}
