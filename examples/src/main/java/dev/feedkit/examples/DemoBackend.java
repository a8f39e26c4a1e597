package dev.feedkit.examples;

import dev.feedkit.CacheTier;
import dev.feedkit.DemoData;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedSource;
import dev.feedkit.InMemoryFeedStore;
import java.util.List;

/**
 * Chooses where the demo's feeds come from, from {@link DemoOptions}: today always the in-memory
 * store on generated data.
 *
 * <p>This is the seam for the other backends, kept in one place so that {@link DemoMain} never
 * changes: when {@code --pg-url} / {@code FEEDKIT_PG_URL} is set, a PostgreSQL source and store
 * (feed-jdbc) replace the in-memory ones; when {@code --redis-url} / {@code FEEDKIT_REDIS_URL} is
 * set, a Redis tier (feed-redis) is added. Each returns a {@link Backend} whose {@code close}
 * releases its pools and connections.
 */
final class DemoBackend {
    private DemoBackend() {
    }

    /**
     * What the assembler is built on, a viewer worth showing, and a line that says what it is.
     *
     * @param source the candidates
     * @param store the entities
     * @param tiers cache tiers after L1, in order
     * @param sampleViewer a viewer with a non-empty feed
     * @param description for the startup line, such as {@code in-memory: 10000 users, 200000 posts}
     * @param onClose releases pools and connections, on shutdown after the assembler
     */
    record Backend(FeedSource source, EntityStore store, List<CacheTier> tiers, long sampleViewer,
            String description, Runnable onClose) {

        /** Sets the source, store and tiers on {@code b}. */
        FeedAssembler.Builder configure(FeedAssembler.Builder b) {
            b.source(source).store(store);
            tiers.forEach(b::tier);
            return b;
        }

        /** Releases the backend's pools and connections. */
        void close() {
            onClose.run();
        }
    }

    /** Returns the backend that {@code options} ask for. */
    static Backend choose(DemoOptions options) {
        // The lead adds here: if (options.pgUrl != null) -> feed-jdbc source and store;
        // if (options.redisUrl != null) -> add the feed-redis tier to whichever backend was chosen.
        return inMemory(options);
    }

    /** Generates {@link DemoData} as sized by the options and serves it from memory. */
    static Backend inMemory(DemoOptions options) {
        DemoData data = DemoData.newBuilder().users(options.users).posts(options.posts)
                .meanFollows(options.follows).seed(options.seed).build();
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        String description = "in-memory: " + options.users + " users, " + options.posts + " posts";
        return new Backend(store, store, List.of(), data.sampleViewer(), description, () -> { });
    }
}
