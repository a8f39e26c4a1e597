package dev.feedkit.testkit;


/**
 * SplitMix64, written out so that demo data never depends on the JDK's choice of algorithm.
 * Not thread-safe.
 */
final class DemoRandom {
    private long state;

    DemoRandom(long seed) {
        this.state = seed;
    }

    /** @return the next 64 random bits */
    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /**
     * @param bound the exclusive bound, positive
     * @return a value in 0..bound-1 (modulo bias is irrelevant here)
     */
    int nextInt(int bound) {
        return (int) ((nextLong() >>> 1) % bound);
    }

    /**
     * @param bound the exclusive bound, positive
     * @return a value in 0..bound-1
     */
    long nextLong(long bound) {
        return (nextLong() >>> 1) % bound;
    }

    /** @return a value in [0, 1) */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * @param percent 0..100
     * @return {@code true} with that probability
     */
    boolean percent(int percent) {
        return nextInt(100) < percent;
    }

    /**
     * The SplitMix64 finalizer, also used to derive independent seeds.
     *
     * @param z any value
     * @return its scrambled form
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
