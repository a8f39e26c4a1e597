package dev.feedkit;

/** Placeholder: the assembly pipeline lands in the next commit. */
final class Pipeline {
    Pipeline(FeedAssembler.Builder b) {
    }

    record Result(FeedPage page, FeedStats stats) {
    }

    Result assemble(FeedRequest request) {
        throw new UnsupportedOperationException("pipeline not yet implemented");
    }

    void report(FeedStats stats) {
    }

    void invalidate(CacheKey key) {
    }

    FeedAssembler.PrewarmStats prewarmStats() {
        return new FeedAssembler.PrewarmStats(0, 0, 0, 1);
    }

    void close() {
    }
}
