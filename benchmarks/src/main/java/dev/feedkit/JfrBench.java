package dev.feedkit;

import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.InMemoryFeedStore;
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
 * What the dev.feedkit.Page JFR event costs while no recording enables it (the usual state of a
 * production process), against the cheapest warm page there is: the in-memory store with
 * timelines on, the sample viewer's unchanged first page kept in memory, no FeedListener, no
 * writer. Both rows in one run; the ratio disabledPageEvent / warmPage is the event's share of a
 * page. The class sits in feed-core's package to reach the package-private event.
 */

/** The disabled JFR page event vs a warm in-memory page, ns per op. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JfrBench {
    private FeedAssembler assembler;
    private FeedRequest request;
    private FeedStats stats;

    /** Builds the assembler and warms the page. */
    @Setup(Level.Trial)
    public void setUp() {
        DemoData data = DemoData.newBuilder().users(2_000).posts(20_000).meanFollows(50).seed(42).build();
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        assembler = FeedAssembler.newBuilder().source(store).store(store).prewarm(false)
                .cursorKey("jfr bench cursor key, 32 bytes!!".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .build();
        request = FeedRequest.newBuilder(data.sampleViewer()).limit(20).seed(1).build();
        assembler.assemble(request);
        assembler.assemble(request);
        stats = new FeedStats(data.sampleViewer(), 20, 21, 44, 0, 0, 0, 0, 1_000, 2_000, 0, 0, 500, 0, false);
    }

    /** Closes the assembler. */
    @TearDown(Level.Trial)
    public void tearDown() {
        assembler.close();
    }

    /**
     * The warm first page, assembled (the event is committed, or not, inside).
     *
     * @return the page
     */
    @Benchmark
    public FeedPage warmPage() {
        return assembler.assemble(request);
    }

    /**
     * The event alone, as the pipeline commits it, with no recording enabled.
     *
     * @return the stats, so that nothing is eliminated
     */
    @Benchmark
    public FeedStats disabledPageEvent() {
        PageEvent.commit(stats);
        return stats;
    }
}
