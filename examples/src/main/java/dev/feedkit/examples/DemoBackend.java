package dev.feedkit.examples;

import dev.feedkit.testkit.DemoLoader;
import dev.feedkit.CacheTier;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedSource;
import dev.feedkit.testkit.InMemoryFeedStore;
import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.redis.RedisCacheTier;
import dev.feedkit.redis.RedisTimelines;
import dev.feedkit.TimelineStore;
import java.time.Duration;
import java.util.List;

/**
 * Chooses where the demo's feeds come from, from {@link DemoOptions}: the in-memory store on
 * generated data by default; when {@code --pg-url} / {@code FEEDKIT_PG_URL} is set, PostgreSQL
 * (feed-jdbc) holding the same generated data; when {@code --redis-url} / {@code FEEDKIT_REDIS_URL}
 * is set, a Redis L2 tier (feed-redis) in front of either. Each returns a {@link Backend} whose
 * {@code close} releases its pools and connections.
 *
 * <p>The PostgreSQL data set lives in a schema named after the generator's settings, loaded with
 * COPY on first use and reused afterwards, so a restart with the same flags starts at once. The
 * Redis key prefix carries the same name, so regenerated data never reads another run's cache.
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
     * @param writes commits the write routes' changes
     * @param timelines the shared timeline store (with Redis), or null for the assembler's in-memory default
     */
    record Backend(FeedSource source, EntityStore store, List<CacheTier> tiers, long sampleViewer,
            String description, Runnable onClose, DemoWrites writes, TimelineStore timelines) {

        /** Sets the source, store, tiers and (with Redis) the shared timeline store on {@code b}. */
        FeedAssembler.Builder configure(FeedAssembler.Builder b) {
            b.source(source).store(store);
            tiers.forEach(b::tier);
            if (timelines != null) {
                b.timelineStore(timelines);
            }
            return b;
        }

        /** Releases the backend's pools and connections. */
        void close() {
            onClose.run();
        }
    }

    /** Returns the backend that {@code options} ask for. */
    static Backend choose(DemoOptions options) {
        Backend base = options.pgUrl != null ? postgres(options) : inMemory(options);
        return options.redisUrl != null ? withRedis(base, options) : base;
    }

    /** Loads the generated data into PostgreSQL once, in a schema named after its settings, and serves it. */
    static Backend postgres(DemoOptions options) {
        DemoData data = generate(options);
        String schema = dataSetName(options);
        JdbcFeedStore pg = JdbcFeedStore.fromUrl(options.pgUrl, schema);
        try {
            pg.migrate();
            String how = DemoLoader.copyIfEmpty(pg.dataSource(), pg.schema(), data).map(l -> "loaded in " + l.took().toMillis() + " ms")
                    .orElse("already loaded");
            String description = "postgresql schema " + schema + " (" + how + "): " + options.users + " users, "
                    + options.posts + " posts";
            return new Backend(pg, pg, List.of(), data.sampleViewer(), description, pg::close,
                    DemoWrites.postgres(pg.dataSource(), pg.schema()), null);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** Adds a Redis L2 in front of {@code base}. */
    static Backend withRedis(Backend base, DemoOptions options) {
        String prefix = "feedkit-demo:" + dataSetName(options) + ":";
        RedisCacheTier redis = RedisCacheTier.newBuilder().uri(options.redisUrl).keyPrefix(prefix).build();
        TimelineStore timelines = RedisTimelines.newBuilder().uri(options.redisUrl).keyPrefix(prefix)
                .timeout(Duration.ofMillis(50)).build();
        return new Backend(base.source(), base.store(), List.of(redis), base.sampleViewer(),
                base.description() + ", Redis L2 and timelines", () -> {
                    timelines.close();
                    redis.close();
                    base.close();
                }, base.writes(), timelines);
    }

    /** A name for the generated data set: lower-case letters, digits and underscores. */
    static String dataSetName(DemoOptions o) {
        return "feedkit_demo_s" + Long.toUnsignedString(o.seed) + "_u" + o.users + "_p" + o.posts + "_f" + o.follows;
    }

    private static DemoData generate(DemoOptions options) {
        return DemoData.newBuilder().users(options.users).posts(options.posts)
                .meanFollows(options.follows).seed(options.seed).build();
    }

    /** Generates {@link DemoData} as sized by the options and serves it from memory. */
    static Backend inMemory(DemoOptions options) {
        DemoData data = generate(options);
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        String description = "in-memory: " + options.users + " users, " + options.posts + " posts";
        long nextId = data.posts().stream().mapToLong(dev.feedkit.Post::id).max().orElse(0) + 1;
        return new Backend(store, store, List.of(), data.sampleViewer(), description, () -> { },
                DemoWrites.inMemory(store, nextId), null);
    }
}
