package dev.feedkit.opentelemetry;

import dev.feedkit.FeedTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Objects;

/*
 * (OpenTelemetry's Span is spelled out in full below: FeedTracer.Span, a member type this class
 * inherits, would shadow an import of it.)
 *
 * Span names and attributes. A page is `feedkit.page`, the parent of one span per stage. The store
 * span is a database client span in the semantic conventions' terms (db.system.name, the
 * operation, and db.operation.batch.size: the keys one EntityStore.load call loads, set from 2 up
 * as the conventions ask); L2 reads are Redis client spans (one MGET per node), L2 writes an
 * internal span with db.system.name=redis (the tier writes on its own thread afterwards). Every
 * span is current while its stage runs, so that a JDBC or Lettuce instrumentation nests below it.
 * Counts that the conventions do not name are feedkit.* attributes.
 *
 * Cost when nothing is recorded: a page span that is not recording (no SDK, Tracer.isEnabled()
 * false, or sampled out) is not made current and its stages start no span at all, so a host with
 * the API alone pays a flag check per stage (ObservabilityBench measures it).
 */

/**
 * An OpenTelemetry {@link FeedTracer}: one span per page with a child span per stage, context
 * carried into the assembler's load pool, and each pre-warm job in a trace of its own, linked to
 * the page that asked for it.
 *
 * <pre>{@code
 * FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store)
 *     .tracer(FeedTracing.create(openTelemetry))
 *     .build();
 * }</pre>
 *
 * Thread-safe.
 */
public final class FeedTracing implements FeedTracer {
    /** The instrumentation scope of feedkit's spans. */
    public static final String INSTRUMENTATION_NAME = "dev.feedkit";

    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<Long> DB_BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** The span of a stage that is not recorded: tracing is off, or the page was sampled out. */
    private static final FeedTracer.Span NONE = new FeedTracer.Span() {
        @Override
        public void set(Figure figure, long value) {
        }

        @Override
        public void fail(Throwable error) {
        }

        @Override
        public void end() {
        }
    };

    /** The span name of each internal stage: feedkit.page, feedkit.source, ... (built once, not per span). */
    private static final java.util.Map<Stage, String> NAMES = names();

    private final Tracer tracer;
    private final String storeSystem;
    private final String storeOperation;

    private FeedTracing(Tracer tracer, String storeSystem, String storeOperation) {
        this.tracer = tracer;
        this.storeSystem = storeSystem;
        this.storeOperation = storeOperation;
    }

    /**
     * Returns a tracer whose store spans say {@code db.system.name=postgresql} and
     * {@code db.operation.name=SELECT}, as feed-jdbc's store is.
     *
     * @param openTelemetry the host's OpenTelemetry
     * @return the tracer, for {@code FeedAssembler.Builder.tracer}
     */
    public static FeedTracing create(OpenTelemetry openTelemetry) {
        return create(openTelemetry, "postgresql", "SELECT");
    }

    /**
     * Returns a tracer for a store of another database.
     *
     * @param openTelemetry the host's OpenTelemetry
     * @param storeSystem the store's {@code db.system.name}, such as {@code mysql}
     * @param storeOperation the {@code db.operation.name} of its load, such as {@code SELECT}
     * @return the tracer
     */
    public static FeedTracing create(OpenTelemetry openTelemetry, String storeSystem, String storeOperation) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        return new FeedTracing(openTelemetry.getTracer(INSTRUMENTATION_NAME),
                Objects.requireNonNull(storeSystem, "storeSystem"), Objects.requireNonNull(storeOperation, "storeOperation"));
    }

    @Override
    public FeedTracer.Span start(Stage stage) {
        if (!tracer.isEnabled() || stage != Stage.PAGE && !io.opentelemetry.api.trace.Span.current().isRecording()) {
            return NONE; // tracing off, or this page was sampled out: its stages would not be recorded either
        }
        io.opentelemetry.api.trace.Span span = builder(stage).startSpan();
        if (!span.isRecording()) {
            return NONE;
        }
        return new StageSpan(stage, span, span.makeCurrent());
    }

    @Override
    public Runnable propagate(Runnable task) {
        return tracer.isEnabled() ? Context.current().wrap(task) : task;
    }

    @Override
    public Runnable link(Runnable job) {
        if (!tracer.isEnabled()) {
            return job;
        }
        SpanContext page = io.opentelemetry.api.trace.Span.current().getSpanContext();
        return () -> {
            SpanBuilder b = builder(Stage.PREWARM).setNoParent();
            if (page.isValid()) {
                b.addLink(page);
            }
            io.opentelemetry.api.trace.Span span = b.startSpan();
            Scope scope = span.makeCurrent();
            try {
                job.run();
            } finally {
                scope.close();
                span.end();
            }
        };
    }

    private SpanBuilder builder(Stage stage) {
        switch (stage) {
            case STORE:
                return tracer.spanBuilder(storeOperation).setSpanKind(SpanKind.CLIENT)
                        .setAttribute(DB_SYSTEM, storeSystem).setAttribute(DB_OPERATION, storeOperation);
            case L2_READ:
                return tracer.spanBuilder("MGET").setSpanKind(SpanKind.CLIENT).setAttribute(DB_SYSTEM, "redis")
                        .setAttribute(DB_OPERATION, "MGET");
            case L2_WRITE:
                return tracer.spanBuilder("feedkit.l2.write").setAttribute(DB_SYSTEM, "redis");
            default:
                return tracer.spanBuilder(NAMES.get(stage));
        }
    }

    private static java.util.Map<Stage, String> names() {
        java.util.Map<Stage, String> names = new java.util.EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            names.put(stage, "feedkit." + stage.name().toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }

    /** A started span and the scope that makes it current. */
    private static final class StageSpan implements FeedTracer.Span {
        private final Stage stage;
        private final io.opentelemetry.api.trace.Span span;
        private final Scope scope;

        StageSpan(Stage stage, io.opentelemetry.api.trace.Span span, Scope scope) {
            this.stage = stage;
            this.span = span;
            this.scope = scope;
        }

        @Override
        public void set(Figure figure, long value) {
            if (figure == Figure.KEYS && stage == Stage.STORE && value >= 2) {
                span.setAttribute(DB_BATCH_SIZE, value);
            }
            if (figure == Figure.STALE) {
                span.setAttribute("feedkit.stale", value != 0);
                return;
            }
            span.setAttribute(Attributes.of(figure), value);
        }

        @Override
        public void fail(Throwable error) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            span.setAttribute(ERROR_TYPE, error.getClass().getName());
        }

        @Override
        public void end() {
            scope.close();
            span.end();
        }
    }

    /** The feedkit.* attribute of each figure. */
    private static final class Attributes {
        private static final java.util.Map<Figure, AttributeKey<Long>> KEYS = keys();

        static AttributeKey<Long> of(Figure figure) {
            return KEYS.get(figure);
        }

        private static java.util.Map<Figure, AttributeKey<Long>> keys() {
            java.util.Map<Figure, AttributeKey<Long>> keys = new java.util.EnumMap<>(Figure.class);
            for (Figure f : Figure.values()) {
                keys.put(f, AttributeKey.longKey(f == Figure.VIEWER ? "feedkit.viewer.id"
                        : "feedkit." + f.name().toLowerCase(java.util.Locale.ROOT)));
            }
            return keys;
        }
    }
}
