package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.Deadline;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.Post;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.postgresql.ds.PGSimpleDataSource;

final class RoundTripTest {
    private static final int PAGE = 100;
    private static final int RUNS = 30;
    private static TestDb db;
    private static CountingProxy proxy;

    @BeforeAll
    static void load() throws Exception {
        db = TestDb.create();
        db.exec("INSERT INTO ${schema}.users (id, username, display_name, avatar_url, verified, created_at) "
                + "SELECT i, 'user_' || i, 'Display Name Of User ' || i || repeat(' x', 20), "
                + "'https://cdn.example/a/' || i || '.jpg', i % 2 = 0, now() FROM generate_series(1, 300) i");
        db.exec("INSERT INTO ${schema}.follows (follower_id, followee_id) SELECT 1, i FROM generate_series(2, 150) i");
        db.exec("INSERT INTO ${schema}.posts (id, author_id, body, created_at, like_count, reply_count) "
                + "SELECT i, 1 + i % 300, 'post ' || i || ' ' || repeat('lorem ipsum dolor sit amet ', 20), "
                + "now() - i * interval '1 second', i, i % 7 FROM generate_series(1, 1000) i");
        db.exec("INSERT INTO ${schema}.media (post_id, position, kind, url, width, height) "
                + "SELECT i, p, 'image', 'https://cdn.example/m/' || i || '/' || p || '.jpg', 1080, 1350 "
                + "FROM generate_series(1, 1000) i, generate_series(0, 1) p");
        db.exec("INSERT INTO ${schema}.post_tags (post_id, tag) "
                + "SELECT i, t FROM generate_series(1, 1000) i, unnest(ARRAY['java', 'perf', 'postgres']) t");
        Properties p = Driver.parseURL(db.url, null);
        proxy = new CountingProxy(PGProperty.PG_HOST.getOrDefault(p), Integer.parseInt(PGProperty.PG_PORT.getOrDefault(p)));
    }

    @AfterAll
    static void drop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static Connection proxied() throws Exception {
        PGSimpleDataSource ds = (PGSimpleDataSource) TestDb.simpleDataSource(db.url);
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {proxy.port()});
        return ds.getConnection();
    }

    /** The named server-side statements of the batch on this connection (pgjdbc names them S_n). */
    private static long serverPrepared(Connection c) throws Exception {
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_prepared_statements "
                + "WHERE name LIKE 'S\\_%' AND statement LIKE '%" + db.schema + "%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static EntityKeys page(int run) {
        long[] posts = LongStream.range(0, PAGE).map(i -> 1 + (run * 37L + i) % 1000).toArray();
        long[] authors = LongStream.range(0, PAGE).map(i -> 1 + (run * 11L + i) % 300).toArray();
        return EntityKeys.of(1, posts, authors);
    }

    @Test
    void every_load_of_a_100_item_page_is_one_round_trip_also_after_warm_up() throws Exception {
        try (Connection c = proxied()) {
            JdbcFeedStore store = JdbcFeedStore.of(TestDb.pinned(c), db.schema);
            List<Integer> trips = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                EntityKeys keys = page(run);
                Entities out = Entities.of(keys);
                proxy.takeRoundTrips();
                store.load(keys, out, Deadline.after(Duration.ofSeconds(30)));
                trips.add(proxy.takeRoundTrips());
                assertThat(out.count(EntityKind.POST)).isEqualTo(PAGE);
                assertThat(out.count(EntityKind.AUTHOR)).isEqualTo(PAGE);
                assertThat(out.count(EntityKind.RELATIONSHIP)).isEqualTo(PAGE);
                Post first = (Post) out.valueAt(EntityKind.POST, 0);
                assertThat(first.media()).hasSize(2);
                assertThat(first.tags()).containsExactly("java", "perf", "postgres");
            }
            assertThat(trips).as("round trips per load").hasSize(RUNS).containsOnly(1);
            assertThat(serverPrepared(c)).as("batch statements prepared on the server after warm-up").isEqualTo(5);
        }
    }

    @Test
    void the_same_statements_sent_one_by_one_are_counted_as_five_round_trips() throws Exception {
        EntityKeys k = page(3);
        try (Connection c = proxied()) {
            proxy.takeRoundTrips();
            for (Sql sql : JdbcEntityStore.statements('"' + db.schema + '"')) {
                try (PreparedStatement ps = c.prepareStatement(sql.text())) {
                    for (String name : sql.parameters()) {
                        sql.bind(ps, name, value(name, k));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(1);
                        }
                    }
                }
            }
            assertThat(proxy.takeRoundTrips()).isEqualTo(5);
        }
    }

    private static Object value(String parameter, EntityKeys k) {
        switch (parameter) {
            case "post_ids": return k.toArray(EntityKind.POST);
            case "author_ids": return k.toArray(EntityKind.AUTHOR);
            case "relationship_ids": return k.toArray(EntityKind.RELATIONSHIP);
            case "viewer_id": return k.viewerId();
            default: throw new IllegalArgumentException(parameter);
        }
    }

    @Test
    void a_connection_forcing_binary_transfer_is_refused_with_a_message_naming_the_setting() throws Exception {
        PGSimpleDataSource ds = (PGSimpleDataSource) TestDb.simpleDataSource(db.url);
        ds.setPrepareThreshold(-1);
        JdbcFeedStore store = JdbcFeedStore.of(ds, db.schema);
        EntityKeys keys = page(0);
        assertThatThrownBy(() -> store.load(keys, Entities.of(keys), Deadline.none()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prepareThreshold >= 0, was -1");
    }
}
