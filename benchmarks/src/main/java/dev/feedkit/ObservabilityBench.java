package dev.feedkit;

import dev.feedkit.opentelemetry.FeedTracing;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.InMemoryFeedStore;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * What observability costs while it is switched off, against the cheapest warm page there is (the
 * in-memory store with timelines on, the sample viewer's unchanged first page kept in memory, no
 * writer; JfrBench's page). Side by side in one run, on one store:
 *  - warmPage: no listener, no tracer (the dev.feedkit.Page JFR event is in every row, disabled:
 *    no recording runs);
 *  - noopListener: one FeedListener whose methods do nothing;
 *  - otelNoopTracer: feed-opentelemetry's FeedTracing on OpenTelemetry.noop() (the API with no
 *    SDK or agent: its Tracer is disabled);
 *  - allDisabled: both;
 *  - disabledPageEvent: the JFR event alone, as the pipeline commits it;
 *  - disabledTracerCalls: the calls a warm page makes on FeedTracing(OpenTelemetry.noop()) alone
 *    (the page span, its figures, and the source, L1 and filter spans), isolated from the page;
 *  - noopListenerCalls: the pipeline's listener loop over one no-op listener, alone.
 * On a shared machine the whole-page rows vary by more than 2 % between iterations; the isolated
 * rows are stable, and their ratio to warmPage is the figure to quote.
 * The ratio (row - warmPage) / warmPage is the share of a page; issue 12's bound is 2 %. Each
 * assembler is its own JIT profile only in part (the pipeline's call sites are shared), so the
 * rows run in one fork in the order JMH picks, as a host with one assembler would see.
 */

/** Disabled listener, tracer and JFR event vs a warm in-memory page, ns per op. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ObservabilityBench {
    private static final byte[] CURSOR_KEY = "observability bench cursor key!!".getBytes(StandardCharsets.UTF_8);

    private FeedAssembler bare;
    private FeedAssembler withListener;
    private FeedAssembler withTracer;
    private FeedAssembler withBoth;
    private FeedRequest request;
    private FeedStats stats;
    private final FeedTracer tracer = FeedTracing.create(OpenTelemetry.noop());
    private final java.util.List<FeedListener> listeners = java.util.List.of(stats -> { });

    /** Builds the four assemblers on one store and warms each one's page. */
    @Setup(Level.Trial)
    public void setUp() {
        DemoData data = DemoData.newBuilder().users(2_000).posts(20_000).meanFollows(50).seed(42).build();
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        FeedListener noop = stats -> { };
        bare = builder(store).build();
        withListener = builder(store).listener(noop).build();
        withTracer = builder(store).tracer(FeedTracing.create(OpenTelemetry.noop())).build();
        withBoth = builder(store).listener(noop).tracer(FeedTracing.create(OpenTelemetry.noop())).build();
        request = FeedRequest.newBuilder(data.sampleViewer()).limit(20).seed(1).build();
        for (FeedAssembler a : new FeedAssembler[] {bare, withListener, withTracer, withBoth}) {
            a.assemble(request);
            a.assemble(request);
        }
        stats = new FeedStats(data.sampleViewer(), 20, 21, 44, 0, 0, 0, 0, 1_000, 2_000, 0, 0, 500, 0, false);
    }

    private static FeedAssembler.Builder builder(InMemoryFeedStore store) {
        return FeedAssembler.newBuilder().source(store).store(store).prewarm(false).cursorKey(CURSOR_KEY);
    }

    /** Closes the assemblers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        bare.close();
        withListener.close();
        withTracer.close();
        withBoth.close();
    }

    /**
     * The warm first page with no listener and no tracer.
     *
     * @return the page
     */
    @Benchmark
    public FeedPage warmPage() {
        return bare.assemble(request);
    }

    /**
     * The same page with a FeedListener that does nothing.
     *
     * @return the page
     */
    @Benchmark
    public FeedPage noopListener() {
        return withListener.assemble(request);
    }

    /**
     * The same page traced by FeedTracing on the OpenTelemetry API with no SDK.
     *
     * @return the page
     */
    @Benchmark
    public FeedPage otelNoopTracer() {
        return withTracer.assemble(request);
    }

    /**
     * The same page with the no-op listener and the no-SDK tracer.
     *
     * @return the page
     */
    @Benchmark
    public FeedPage allDisabled() {
        return withBoth.assemble(request);
    }

    /**
     * What a warm page asks of a tracer on the API with no SDK, alone: the page span with its
     * figures and the source, L1 and filter spans (a warm page has no store or L2 span).
     *
     * @return the page span, so that nothing is eliminated
     */
    @Benchmark
    public FeedTracer.Span disabledTracerCalls() {
        FeedTracer.Span page = tracer.start(FeedTracer.Stage.PAGE);
        stage(FeedTracer.Stage.SOURCE, FeedTracer.Figure.CANDIDATES, 21);
        stage(FeedTracer.Stage.L1, FeedTracer.Figure.KEYS, 44);
        stage(FeedTracer.Stage.FILTER, FeedTracer.Figure.ITEMS, 20);
        page.set(FeedTracer.Figure.VIEWER, stats.viewerId());
        page.set(FeedTracer.Figure.ITEMS, stats.items());
        page.set(FeedTracer.Figure.CANDIDATES, stats.candidates());
        page.set(FeedTracer.Figure.STALE, 0);
        page.end();
        return page;
    }

    private void stage(FeedTracer.Stage stage, FeedTracer.Figure figure, long value) {
        FeedTracer.Span span = tracer.start(stage);
        span.set(figure, value);
        span.end();
    }

    /**
     * The pipeline's listener loop over one listener that does nothing, alone.
     *
     * @return the stats, so that nothing is eliminated
     */
    @Benchmark
    public FeedStats noopListenerCalls() {
        for (FeedListener l : listeners) {
            l.onPage(stats);
        }
        return stats;
    }

    /**
     * The JFR page event alone, with no recording enabled.
     *
     * @return the stats, so that nothing is eliminated
     */
    @Benchmark
    public FeedStats disabledPageEvent() {
        PageEvent.commit(stats);
        return stats;
    }
}
