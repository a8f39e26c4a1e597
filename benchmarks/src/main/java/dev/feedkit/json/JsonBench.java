package dev.feedkit.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedkit.FeedPage;
import dev.feedkit.bench.BenchPages;
import dev.feedkit.bench.Discard;
import dev.feedkit.bench.DslJsonPageWriter;
import dev.feedkit.examples.naive.NaivePage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/*
 * JSON: one page written by feedkit's JsonFeedWriter (memoized fragments, the steady state of a
 * warm cache: every entity was written before), by the same writer with the memo bypassed
 * (writeUnmemoized: what the first write of a freshly loaded entity costs), by jackson-databind's
 * ObjectMapper.writeValue on the same page as a POJO graph, and by DSL-JSON. Setup checks that all
 * four produce the same JSON tree, so a faster writer cannot be a wrong one. This class sits in
 * feed-json's package only to reach writeUnmemoized.
 */

/** JSON writers on a 20- and a 100-item page with hostile text; pages per second and B/op. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JsonBench {
    @Param({"20", "100"})
    int items;

    private FeedPage page;
    private NaivePage pojo;
    private JsonFeedWriter feedkit;
    private ObjectMapper databind;
    private DslJsonPageWriter dslJson;
    private final Discard out = new Discard();

    /**
     * Builds the page, the POJO twin and the writers, and checks that they agree.
     *
     * @throws IOException never: the outputs are in memory
     */
    @Setup
    public void setUp() throws IOException {
        page = BenchPages.page(items);
        pojo = BenchPages.pojo(page);
        feedkit = JsonFeedWriter.create();
        databind = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        dslJson = new DslJsonPageWriter();
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        feedkit.write(page, a);
        feedkit.writeUnmemoized(page, b);
        databind.writeValue(c, pojo);
        dslJson.write(pojo, d);
        JsonNode expected = databind.readTree(c.toByteArray());
        check("feedkit", expected, databind.readTree(a.toByteArray()));
        check("feedkit unmemoized", expected, databind.readTree(b.toByteArray()));
        check("DSL-JSON", expected, databind.readTree(d.toByteArray()));
        System.out.println("# page of " + items + " items: feedkit " + a.size() + " bytes, databind " + c.size()
                + " bytes, DSL-JSON " + d.size() + " bytes");
    }

    private static void check(String who, JsonNode expected, JsonNode actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(who + " writes a different page than databind: " + actual);
        }
    }

    /**
     * feedkit's writer, memoized fragments (warm).
     *
     * @return bytes written
     * @throws IOException never
     */
    @Benchmark
    public long feedkit() throws IOException {
        out.reset();
        feedkit.write(page, out);
        return out.count();
    }

    /**
     * feedkit's writer rendering every entity afresh.
     *
     * @return bytes written
     * @throws IOException never
     */
    @Benchmark
    public long feedkitUnmemoized() throws IOException {
        out.reset();
        feedkit.writeUnmemoized(page, out);
        return out.count();
    }

    /**
     * Baseline: jackson-databind ObjectMapper.writeValue on the POJO graph.
     *
     * @return bytes written
     * @throws IOException never
     */
    @Benchmark
    public long databind() throws IOException {
        out.reset();
        databind.writeValue(out, pojo);
        return out.count();
    }

    /**
     * Baseline: DSL-JSON on the POJO graph.
     *
     * @return bytes written
     * @throws IOException never
     */
    @Benchmark
    public long dslJson() throws IOException {
        out.reset();
        dslJson.write(pojo, out);
        return out.count();
    }
}
