package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.AffinitySource;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.Scorer;
import dev.feedkit.TimelineStore;
import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.json.JsonFeedWriter;
import dev.feedkit.redis.RedisCacheTier;
import dev.feedkit.redis.RedisTimelines;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.DemoLoader;
import dev.feedkit.testkit.InMemoryFeedStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The README's code, kept compiling and running (java-dataloader's ReadmeExamples habit). */
final class ReadmeExamplesTest {

    @Test
    void the_ten_line_embedding_example_serves_pages() throws IOException {
        DemoData data = DemoData.newBuilder().users(200).posts(4_000).meanFollows(20).build();
        long viewerId = data.sampleViewer();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        FeedPage page = embed(InMemoryFeedStore.of(data), viewerId, response);
        assertThat(page.items()).isNotEmpty();
        assertThat(response.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"items\":[");
    }

    // README: "Embed it" — begin
    static FeedPage embed(InMemoryFeedStore store, long viewerId, OutputStream out) throws IOException {
        try (FeedAssembler feeds = FeedAssembler.newBuilder()
                .source(store)                         // candidates: keyset pages
                .store(store)                          // entities: one call per page for all misses
                .writer(JsonFeedWriter.create())       // streaming JSON with memoized fragments
                .build()) {
            FeedPage first = feeds.assemble(FeedRequest.of(viewerId));
            FeedRequest next = FeedRequest.newBuilder(viewerId).cursor(first.nextPage()).limit(20).build();
            feeds.write(next, out);                    // stream page 2 straight to the response
            return first;
        }
    }
    // README: "Embed it" — end

    @Test
    void the_host_fields_example_writes_extra_and_a_per_request_field() throws IOException {
        DemoData data = DemoData.newBuilder().users(200).posts(4_000).meanFollows(20).build();
        long viewerId = data.sampleViewer();
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        FeedPage page;
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).build()) {
            page = feeds.assemble(FeedRequest.of(viewerId));
        }
        long likedPost = page.items().get(0).post().id();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        hostFields(store, viewerId, (viewer, post) -> viewer == viewerId && post == likedPost, out);
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"liked\":true").contains("\"liked\":false");
        assertThat(page.items()).anyMatch(i -> i.post().extra() != null || i.author().extra() != null);
        assertThat(json).contains("\"extra\":{");
    }

    /** The host's own lookup of the README's example. */
    interface Likes {
        boolean contains(long viewerId, long postId);
    }

    static void hostFields(InMemoryFeedStore store, long viewerId, Likes likes, OutputStream out) throws IOException {
        // README: "Host fields" — begin
        JsonFeedWriter writer = JsonFeedWriter.create((request, item, fields) ->
                fields.bool("liked", likes.contains(request.viewerId(), item.post().id())));  // per request, never memoized
        try (FeedAssembler feeds = FeedAssembler.newBuilder()
                .source(store).store(store)
                .writer(writer)
                .maxExtraBytes(8 * 1024)              // a larger posts.extra / users.extra is left out, with a WARN
                .build()) {
            feeds.write(FeedRequest.of(viewerId), out);
        }
        // README: "Host fields" — end
    }

    @Test
    void the_ranked_feed_example_serves_a_ranked_first_page() {
        DemoData data = DemoData.newBuilder().users(200).posts(4_000).meanFollows(20).build();
        long viewerId = data.sampleViewer();
        long favourite = data.follows().stream().filter(e -> e.from() == viewerId).findFirst().orElseThrow().to();
        AffinitySource opens = (viewer, authorIds, out) -> {
            for (int i = 0; i < authorIds.length; i++) {
                out[i] = authorIds[i] == favourite ? 50 : 0;
            }
        };
        FeedPage page = ranked(InMemoryFeedStore.of(data), opens, viewerId);
        assertThat(page.items()).hasSize(20);
        assertThat(page.seed()).isEqualTo(7);
        assertThat(page.nextPage()).hasSize(84);
    }

    static FeedPage ranked(InMemoryFeedStore store, AffinitySource opens, long viewerId) {
        // README: "Ranked feeds" — begin
        FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store)
                .scorer(Scorer.DEFAULT)                  // or your own: Scorer.Features -> double
                .affinitySource(opens)                   // (viewer, authorIds[], out[]) -> how often the viewer opened each author
                .rankedWindow(300).exploration(0.1)      // the defaults
                .build();
        FeedPage page = feeds.assemble(FeedRequest.newBuilder(viewerId).mode(FeedRequest.Mode.RANKED).seed(7).build());
        // README: "Ranked feeds" — end
        feeds.close();
        return page;
    }

    @Test
    void the_postgresql_and_redis_example_serves_pages() throws SQLException {
        String jdbcUrl = System.getenv().getOrDefault("FEEDKIT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        String redisUrl = System.getenv().getOrDefault("FEEDKIT_REDIS_URL", "redis://127.0.0.1:6379");
        requireReachable(jdbcUrl);
        String name = "readme_" + UUID.randomUUID().toString().substring(0, 8);
        DemoData data = DemoData.newBuilder().users(200).posts(3_000).meanFollows(20).build();
        try {
            FeedPage page = onPostgresAndRedis(jdbcUrl, name, redisUrl, name + ":", data);
            assertThat(page.items()).isNotEmpty();
            assertThat(page.nextPage()).isNotNull();
        } finally {
            try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
            deleteKeys(redisUrl, name + ":");
        }
    }

    private static FeedPage onPostgresAndRedis(String jdbcUrl, String schema, String redisUrl, String prefix,
            DemoData data) {
        byte[] cursorKey = "readme example cursor key, 32 b".getBytes(StandardCharsets.UTF_8);
        // README: "Embed it", PostgreSQL and Redis — begin
        JdbcFeedStore pg = JdbcFeedStore.fromUrl(jdbcUrl, schema);        // HikariCP pool; or JdbcFeedStore.of(dataSource)
        pg.migrate();                                                      // versioned schema, applied once
        RedisCacheTier redis = RedisCacheTier.newBuilder().uri(redisUrl).keyPrefix(prefix).build();
        TimelineStore timelines = RedisTimelines.newBuilder().uri(redisUrl).keyPrefix(prefix).build();
        FeedAssembler feeds = FeedAssembler.newBuilder()
                .source(pg).store(pg)
                .tier(redis).timelineStore(timelines)                      // L2 and timelines, shared by every instance
                .writer(JsonFeedWriter.create())
                .cursorKey(cursorKey)                                      // required with a shared tier: one secret, every instance
                .build();
        // README: "Embed it", PostgreSQL and Redis — end
        try {
            DemoLoader.copy(pg.dataSource(), pg.schema(), data);
            return feeds.assemble(FeedRequest.of(data.sampleViewer()));
        } finally {
            feeds.close();
            timelines.close();
            redis.close();
            pg.close();
        }
    }

    private static void requireReachable(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.isValid(2);
        } catch (SQLException e) {
            if (Boolean.getBoolean("feedkit.requireServices")) {
                throw new AssertionError("PostgreSQL at " + jdbcUrl + " is unreachable and feedkit.requireServices=true", e);
            }
            Assumptions.abort("PostgreSQL at " + jdbcUrl + " is unreachable: " + e.getMessage());
        }
    }

    /** Deletes this test's keys (SCAN MATCH, never a flush of the shared Redis). */
    private static void deleteKeys(String redisUrl, String prefix) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanIterator<String> keys = ScanIterator.scan(c.sync(), ScanArgs.Builder.matches(prefix + "*").limit(500));
            while (keys.hasNext()) {
                c.sync().del(keys.next());
            }
        } finally {
            client.shutdown();
        }
    }
}
