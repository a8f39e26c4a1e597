package dev.feedkit.bench;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.InMemoryFeedStore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * What a ranked feed costs over a chronological one, with every entity in L1 and the in-memory
 * source (no database: the rows isolate the pipeline's own work). A ranked first page reads its
 * 300-candidate window plus one, loads the window's posts (L1 hits), scores and orders it, and
 * keeps the order; a later ranked page (the cursor of the first page, so the order is kept) costs
 * a cache read and its slice's entities. Timelines are off, so each first page reads the source.
 */

/** 20-item pages: chronological first page vs ranked first page (window 300) vs a later ranked page. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RankedBench {
    private FeedAssembler feeds;
    private FeedRequest chronological;
    private FeedRequest rankedFirst;
    private FeedRequest rankedNext;

    /** Builds the assembler over the demo data and warms L1 with the sample viewer's window. */
    @Setup
    public void setUp() {
        DemoData data = DemoData.newBuilder().users(2_000).posts(40_000).meanFollows(50).seed(42).build();
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        feeds = FeedAssembler.newBuilder().source(store).store(store).timelines(false).prewarm(false)
                .cursorKey("ranked-bench-cursor-key".getBytes(StandardCharsets.UTF_8)).build();
        long viewer = data.sampleViewer();
        chronological = FeedRequest.newBuilder(viewer).limit(20).build();
        rankedFirst = FeedRequest.newBuilder(viewer).limit(20).mode(FeedRequest.Mode.RANKED).seed(1).build();
        FeedPage first = feeds.assemble(rankedFirst);
        rankedNext = FeedRequest.newBuilder(viewer).limit(20).cursor(first.nextPage()).build();
        FeedPage page = first;
        for (int i = 0; i < 3 && page.nextPage() != null; i++) { // the whole window's entities into L1
            page = feeds.assemble(FeedRequest.newBuilder(viewer).limit(100).cursor(page.nextPage()).build());
        }
        feeds.assemble(chronological);
    }

    /** Closes the assembler. */
    @TearDown
    public void tearDown() {
        feeds.close();
    }

    /** A chronological first page: 21 candidates, 20 items. */
    @Benchmark
    public FeedPage chronologicalFirstPage() {
        return feeds.assemble(chronological);
    }

    /** A ranked first page: the 301-candidate window read, its posts loaded, scored and ordered. */
    @Benchmark
    public FeedPage rankedFirstPage() {
        return feeds.assemble(rankedFirst);
    }

    /** The ranked page after the first: the kept order and the slice's entities. */
    @Benchmark
    public FeedPage rankedNextPage() {
        return feeds.assemble(rankedNext);
    }
}
