package dev.feedkit.bench;

import dev.feedkit.FeedAssembler;
import dev.feedkit.jdbc.RoundTripFloorBench;
import java.io.IOException;
import java.util.Arrays;

/*
 * Not a JMH benchmark: EndToEndBench.cold and coldL1WarmL2 against their RoundTripFloorBench floors,
 * interleaved page by page in one process (cold page, its floor, cold-L1 page, its floor, ...), with
 * the same states and setup as the JMH benchmarks. On a machine shared with other builds the load
 * drifts by more than the difference being measured between two JMH benchmarks that run a minute
 * apart; pairs taken microseconds apart see the same load, so the median of the per-pair ratios is
 * the figure to compare with the 1.5x target. The first fifth of the pairs is left out for the JIT.
 * Run: java -cp benchmarks/target/benchmarks.jar dev.feedkit.bench.ColdVsFloor [pairs, default 3000]
 */

/** Prints cold pages against their round-trip floors, interleaved: medians and the median pair ratio. */
public final class ColdVsFloor {
    private static final String[] NAMES = {"cold", "coldFloor", "coldL1WarmL2", "coldL1WarmL2Floor"};

    private ColdVsFloor() {
    }

    /**
     * Runs the pairs against FEEDKIT_PG_URL and FEEDKIT_REDIS_URL, in schemas and prefixes of its own.
     *
     * @param args the number of pairs (default 3000)
     * @throws Exception if a service fails
     */
    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        EndToEndBench.Env env = new EndToEndBench.Env();
        env.setUp();
        RoundTripFloorBench floor = new RoundTripFloorBench();
        floor.setUp();
        EndToEndBench.Cold cold = new EndToEndBench.Cold();
        cold.setUp(env);
        EndToEndBench.ColdL1 coldL1 = new EndToEndBench.ColdL1();
        coldL1.setUp(env);
        try {
            long[][] nanos = run(pairs, env, floor, cold, coldL1);
            print(nanos, pairs / 5);
            cold.checkCold();
        } finally {
            cold.tearDown();
            coldL1.tearDown();
            floor.tearDown();
            env.tearDown();
        }
    }

    private static long[][] run(int pairs, EndToEndBench.Env env, RoundTripFloorBench floor, EndToEndBench.Cold cold,
            EndToEndBench.ColdL1 coldL1) throws Exception {
        long[][] nanos = new long[NAMES.length][pairs];
        Discard out = new Discard();
        for (int i = 0; i < pairs; i++) {
            cold.cold(env);
            nanos[0][i] = page(cold.assembler, env, out);
            long t = System.nanoTime();
            floor.coldFloor();
            nanos[1][i] = System.nanoTime() - t;
            coldL1.coldL1(env);
            nanos[2][i] = page(coldL1.assembler, env, out);
            t = System.nanoTime();
            floor.coldL1WarmL2Floor();
            nanos[3][i] = System.nanoTime() - t;
        }
        return nanos;
    }

    private static long page(FeedAssembler assembler, EndToEndBench.Env env, Discard out)
            throws IOException {
        out.reset();
        long t = System.nanoTime();
        assembler.write(env.request, out);
        return System.nanoTime() - t;
    }

    private static void print(long[][] nanos, int skip) {
        for (int k = 0; k < NAMES.length; k++) {
            long[] s = Arrays.copyOfRange(nanos[k], skip, nanos[k].length);
            Arrays.sort(s);
            System.out.printf("%-18s p25 %6d us   p50 %6d us   p75 %6d us%n", NAMES[k], s[s.length / 4] / 1000,
                    s[s.length / 2] / 1000, s[3 * s.length / 4] / 1000);
        }
        System.out.printf("median of per-pair ratios: cold / coldFloor %.2f, coldL1WarmL2 / coldL1WarmL2Floor %.2f%n",
                medianRatio(nanos[0], nanos[1], skip), medianRatio(nanos[2], nanos[3], skip));
    }

    private static double medianRatio(long[] page, long[] floor, int skip) {
        double[] r = new double[page.length - skip];
        for (int i = skip; i < page.length; i++) {
            r[i - skip] = (double) page[i] / floor[i];
        }
        Arrays.sort(r);
        return r[r.length / 2];
    }
}
