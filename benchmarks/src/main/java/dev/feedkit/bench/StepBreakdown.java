package dev.feedkit.bench;

import dev.feedkit.CacheTier;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedStats;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/*
 * Not a JMH benchmark: where a page's time goes, from the FeedStats that every page reports to
 * FeedListeners. Same data and request as EndToEndBench; for each cache state it writes 100 pages
 * for the JIT, then 300 recorded ones, and prints the median and p90 of each step in microseconds.
 * The cold states keep one assembler and make the page cold before each one, as EndToEndBench does.
 * Run: java -cp benchmarks/target/benchmarks.jar dev.feedkit.bench.StepBreakdown
 */

/** Prints the per-step time of a 20-item page in each cache state, from FeedStats. */
public final class StepBreakdown {
    private static final int WARMUP = 100;
    private static final int PAGES = 300;

    private StepBreakdown() {
    }

    /**
     * Runs the profile against FEEDKIT_PG_URL and FEEDKIT_REDIS_URL, in its own schema and prefix.
     *
     * @param args ignored
     * @throws IOException never: output is discarded
     */
    public static void main(String[] args) throws IOException {
        EndToEndBench.Env env = new EndToEndBench.Env();
        env.setUp();
        try {
            System.out.printf("%-20s %-4s %8s %8s %8s %8s %8s %8s %8s%n", "state (us)", "", "total", "source", "l1",
                    "l2", "store", "filter", "write");
            List<FeedStats> warm = new ArrayList<>();
            try (FeedAssembler a = build(env, env.warmTier, Duration.ZERO, warm)) {
                print("warmL1", run(env, () -> a, () -> { }, warm));
            }
            List<FeedStats> ttl = new ArrayList<>();
            try (FeedAssembler a = build(env, env.warmTier, Duration.ofMinutes(10), ttl)) {
                print("warmL1CandidateTtl", run(env, () -> a, () -> { }, ttl));
            }
            List<FeedStats> coldL1 = new ArrayList<>();
            EndToEndBench.ColdL1 l1 = new EndToEndBench.ColdL1();
            l1.open(env, coldL1::add);
            try {
                print("coldL1WarmL2", run(env, () -> l1.assembler, () -> l1.coldL1(env), coldL1));
            } finally {
                l1.tearDown();
            }
            List<FeedStats> cold = new ArrayList<>();
            EndToEndBench.Cold c = new EndToEndBench.Cold();
            c.open(env, cold::add);
            try {
                print("cold", run(env, () -> c.assembler, () -> c.cold(env), cold));
                c.checkCold();
            } finally {
                c.tearDown();
            }
        } finally {
            env.tearDown();
        }
    }

    private static FeedAssembler build(EndToEndBench.Env env, CacheTier tier, Duration ttl, List<FeedStats> into) {
        return EndToEndBench.builder(env.pg, env.pg, tier, ttl).listener(into::add).build();
    }

    private static List<FeedStats> run(EndToEndBench.Env env, Supplier<FeedAssembler> assembler, Runnable beforePage,
            List<FeedStats> stats) throws IOException {
        for (int i = 0; i < WARMUP + PAGES; i++) {
            beforePage.run();
            assembler.get().write(env.request, new Discard());
            if (i == WARMUP - 1) {
                stats.clear();
            }
        }
        return stats;
    }

    private static void print(String state, List<FeedStats> s) {
        for (int q : new int[] {50, 90}) {
            System.out.printf("%-20s p%-3d %8d %8d %8d %8d %8d %8d %8d%n", state, q,
                    pct(s, q, st -> st.sourceNanos() + st.l1Nanos() + st.l2Nanos() + st.storeNanos()
                            + st.filterNanos() + st.writeNanos()),
                    pct(s, q, FeedStats::sourceNanos), pct(s, q, FeedStats::l1Nanos), pct(s, q, FeedStats::l2Nanos),
                    pct(s, q, FeedStats::storeNanos), pct(s, q, FeedStats::filterNanos),
                    pct(s, q, FeedStats::writeNanos));
        }
    }

    private static long pct(List<FeedStats> s, int q, ToLongFunction<FeedStats> f) {
        long[] v = s.stream().mapToLong(f).sorted().toArray();
        return v[Math.min(v.length - 1, v.length * q / 100)] / 1000;
    }
}
