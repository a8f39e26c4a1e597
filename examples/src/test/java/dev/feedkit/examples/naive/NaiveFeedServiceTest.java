package dev.feedkit.examples.naive;

import dev.feedkit.testkit.DemoLoader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.InvalidRequestException;
import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.json.JsonFeedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The naive baseline and FeedAssembler, over the same PostgreSQL data, give the same JSON for the
 * same request: parsed trees compared page by page along whole cursor walks.
 */
final class NaiveFeedServiceTest {
    private static final byte[] KEY = "naive-test-cursor-key-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DemoData data;
    private static JdbcFeedStore pg;
    private static FeedAssembler feeds;
    private static NaiveFeedService naive;

    @BeforeAll
    static void load() {
        String url = System.getenv().getOrDefault("FEEDKIT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        requireReachable(url);
        String schema = "feedkit_naive_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8).toLowerCase(Locale.ROOT);
        pg = JdbcFeedStore.fromUrl(url, schema);
        pg.migrate();
        data = DemoData.newBuilder().users(300).posts(3000).meanFollows(20).seed(7).build();
        DemoLoader.copy(pg.dataSource(), pg.schema(), data);
        feeds = FeedAssembler.newBuilder().source(pg).store(pg).writer(JsonFeedWriter.create())
                .cursorKey(KEY).prewarm(false).build();
        naive = NaiveFeedService.of(pg.dataSource(), schema, KEY);
    }

    @AfterAll
    static void drop() throws SQLException {
        if (feeds != null) {
            feeds.close();
        }
        if (pg != null) {
            try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS \"" + pg.schema() + "\" CASCADE");
            }
            pg.close();
        }
    }

    @Test
    void both_give_the_same_json_along_a_whole_walk() throws IOException {
        int pages = walk(data.sampleViewer(), 20);
        assertThat(pages).as("the sample viewer's feed spans several pages").isGreaterThan(2);
    }

    @Test
    void both_give_the_same_json_for_many_viewers_and_limits() throws IOException {
        int[] limits = {7, 20, 100};
        for (int i = 0; i < 9; i++) {
            long viewer = data.users().get(i * 31).id();
            walk(viewer, limits[i % limits.length]);
        }
    }

    @Test
    void naive_output_escapes_the_hostile_text_of_a_whole_feed() throws IOException {
        StringBuilder all = new StringBuilder();
        String cursor = null;
        do {
            FeedRequest request = FeedRequest.newBuilder(data.sampleViewer()).limit(100).seed(1).cursor(cursor).build();
            String body = new String(naiveBytes(request), StandardCharsets.UTF_8);
            JsonNode page = JSON.readTree(body);
            all.append(body);
            cursor = page.has("next_page") ? page.get("next_page").asText() : null;
        } while (cursor != null);
        assertThat(all.toString()).contains("\\\"").contains("\\\\").contains("\\u0001").contains("\uFFFD");
    }

    @Test
    void naive_rejects_a_cursor_of_another_viewer() throws IOException {
        long viewer = data.sampleViewer();
        String next = JSON.readTree(feedBytes(FeedRequest.newBuilder(viewer).seed(3).build())).get("next_page").asText();
        long other = data.users().get(0).id() == viewer ? data.users().get(1).id() : data.users().get(0).id();
        assertThatThrownBy(() -> naive.page(FeedRequest.newBuilder(other).cursor(next).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("another viewer");
    }

    /** Walks the viewer's whole feed on both, comparing every page; returns the number of pages. */
    private static int walk(long viewer, int limit) throws IOException {
        long seed = viewer * 31 + limit;
        String cursor = null;
        int pages = 0;
        do {
            FeedRequest request = FeedRequest.newBuilder(viewer).limit(limit).seed(seed).cursor(cursor).build();
            JsonNode expected = JSON.readTree(feedBytes(request));
            JsonNode actual = JSON.readTree(naiveBytes(request));
            assertThat(actual).as("viewer %d, limit %d, page %d", viewer, limit, pages).isEqualTo(expected);
            cursor = expected.has("next_page") ? expected.get("next_page").asText() : null;
            pages++;
            if (pages > 10_000) {
                fail("walk of viewer " + viewer + " does not end");
            }
        } while (cursor != null);
        return pages;
    }

    private static byte[] feedBytes(FeedRequest request) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        feeds.write(request, out);
        return out.toByteArray();
    }

    private static byte[] naiveBytes(FeedRequest request) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        naive.write(request, out);
        return out.toByteArray();
    }

    private static void requireReachable(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        try (Connection c = ds.getConnection()) {
            c.isValid(2);
        } catch (SQLException e) {
            String why = "PostgreSQL at FEEDKIT_PG_URL (" + url + ") is unreachable: " + e.getMessage();
            if (Boolean.getBoolean("feedkit.requireServices")) {
                fail(why + " (feedkit.requireServices=true)");
            }
            Assumptions.abort(why);
        }
    }
}
