package dev.feedkit;

/*
 * Why an SPI in core rather than OpenTelemetry calls: core depends on nothing but caffeine and
 * slf4j, and a host without tracing must pay nothing. The assembler holds null when no tracer is
 * set and then starts no span at all: each stage costs one null check (Spans.start returns a
 * shared no-op span whose end() the JIT inlines away). Spans are live, not reconstructed from
 * FeedStats afterwards, so that a host's own instrumentation (a JDBC driver's, Lettuce's) nests
 * under the stage that called it.
 */

/**
 * Traces pages: a span per page with a child span per stage, for an OpenTelemetry bridge such as
 * feed-opentelemetry's {@code FeedTracing}. Stable contract. Set it with
 * {@link FeedAssembler.Builder#tracer}; by default there is none and the assembler makes no call.
 *
 * <p>The assembler calls {@link #start} on the thread that runs the stage and ends each span on
 * that thread, innermost first, so an implementation may keep the span current (thread-local)
 * until {@link Span#end}. Implementations must be thread-safe and must not throw.
 */
public interface FeedTracer {

    /** A step of the pipeline that gets its own span. */
    enum Stage {
        /** One page: {@link FeedAssembler#assemble} or {@link FeedAssembler#write}; the parent of the others. */
        PAGE,
        /** One next-page pre-warm job, in its own trace, linked to the page that asked for it. */
        PREWARM,
        /** {@link FeedSource#candidates}, or a kept or pre-warmed copy of them. */
        SOURCE,
        /** The in-process L1 (Caffeine). */
        L1,
        /** A read of a shared tier ({@link CacheTier#getAll}), such as Redis. */
        L2_READ,
        /** A write to a shared tier ({@link CacheTier#putAll}); the tier may finish it asynchronously. */
        L2_WRITE,
        /** The {@link EntityStore#load} of a page's misses, or the wait for another page's load of them. */
        STORE,
        /** Filtering and ranking. */
        FILTER,
        /** {@link FeedWriter#write}. */
        WRITE
    }

    /** A figure a span carries as an attribute. */
    enum Figure {
        /** The viewer (page spans). */
        VIEWER,
        /** Items on the page (page spans). */
        ITEMS,
        /** Candidates the source returned (page and source spans). */
        CANDIDATES,
        /** Keys asked for: of a tier read or write, or loaded by one store call (its batch size). */
        KEYS,
        /** Keys found (tier reads). */
        HITS,
        /** Keys this page waited for while another page loaded them (store spans). */
        COALESCED,
        /** 1 when the candidates are a stale copy served because the source failed (page spans). */
        STALE
    }

    /**
     * Starts a span of {@code stage} as a child of the span current on this thread (none for a
     * page served outside any trace) and makes it current until {@link Span#end}.
     *
     * @param stage the stage
     * @return the span, never null
     */
    Span start(Stage stage);

    /**
     * Returns {@code task} carrying the trace context current now, for the load pool: spans it
     * starts on another thread are children of the current span.
     *
     * @param task a part of the current page that runs on another thread
     * @return the task to submit instead
     */
    Runnable propagate(Runnable task);

    /**
     * Returns a pre-warm job that runs under a new {@link Stage#PREWARM} span in a trace of its
     * own, linked to the span current now (the page whose successor it loads): the job outlives
     * the page, so it is not the page's child.
     *
     * @param job the pre-warm job
     * @return the job to submit instead
     */
    Runnable link(Runnable job);

    /** One started span. Used by one thread; ended exactly once. */
    interface Span {
        /**
         * Sets a figure of the span.
         *
         * @param figure what it is
         * @param value its value
         */
        void set(Figure figure, long value);

        /**
         * Marks the span failed.
         *
         * @param error why
         */
        void fail(Throwable error);

        /** Ends the span and makes its parent current again. */
        void end();
    }
}
