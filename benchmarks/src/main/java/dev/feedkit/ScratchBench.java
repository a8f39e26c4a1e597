package dev.feedkit;

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
import org.openjdk.jmh.annotations.Warmup;

/*
 * Scratch: the per-request working set (candidate arrays, key sets, entity batches, item list)
 * taken from the pipeline's bounded ScratchPool and released (cleared), against a fresh Scratch
 * per request that is then dropped. Both do the same work on it: 21 candidates appended and the
 * page's keys collected, as the pipeline does first on every request.
 */

/** Pooled vs freshly allocated per-request scratch. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScratchBench {
    private ScratchPool pool;

    /** Creates the pool. */
    @Setup
    public void setUp() {
        pool = new ScratchPool(8);
    }

    /**
     * Acquire from the pool, use, release (which clears).
     *
     * @return how many keys were collected
     */
    @Benchmark
    public int pooled() {
        Scratch s = pool.acquire();
        try {
            return use(s);
        } finally {
            pool.release(s);
        }
    }

    /**
     * Baseline: a new Scratch per request.
     *
     * @return how many keys were collected
     */
    @Benchmark
    public int fresh() {
        return use(new Scratch());
    }

    private static int use(Scratch s) {
        for (int i = 0; i < 21; i++) {
            s.candidates.add(1_000 + i, 50 + i % 13, 1_700_000_000_000_000L - i);
        }
        s.wanted.reset(7);
        PageFilter.collectKeys(s.candidates, 20, s.wanted);
        return s.wanted.size();
    }
}
