package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class MigrationTest {
    private String schema;
    private JdbcFeedStore store;

    @BeforeEach
    void fresh() {
        TestDb.create().close(); // skips or fails here when PostgreSQL is unreachable
        schema = "feedkit_test_mig_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        store = JdbcFeedStore.fromUrl(TestDb.url(), schema);
    }

    @AfterEach
    void drop() throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
        store.close();
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql.replace("${schema}", schema))) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void migrate_creates_the_schema_and_records_each_version_once() throws SQLException {
        assertThat(store.migrate()).isEqualTo(Migrator.VERSIONS.size());
        assertThat(store.migrate()).isZero();
        assertThat(rows("SELECT version || ':' || script FROM ${schema}.schema_version ORDER BY version"))
                .containsExactly("1:V1__schema.sql", "2:V2__extra.sql", "3:V3__mutes.sql");
        assertThat(rows("SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}' ORDER BY 1"))
                .containsExactly("blocks", "follows", "media", "mutes", "post_tags", "posts", "schema_version", "users");
    }

    @Test
    void the_keyset_and_reverse_block_indexes_exist() throws SQLException {
        store.migrate();
        assertThat(rows("SELECT indexdef FROM pg_indexes WHERE schemaname = '${schema}'"))
                .anyMatch(d -> d.contains("posts_author_keyset_idx") && d.contains("(author_id, created_at DESC, id DESC)")
                        && d.contains("WHERE (deleted_at IS NULL)"))
                .anyMatch(d -> d.contains("blocks_blocked_idx") && d.contains("(blocked_id, blocker_id)"))
                .anyMatch(d -> d.contains("follows_pkey") && d.contains("(follower_id, followee_id)"));
    }

    @Test
    void concurrent_migrations_apply_each_version_exactly_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(store::migrate));
            }
            int applied = 0;
            for (Future<Integer> f : runs) {
                applied += f.get();
            }
            assertThat(applied).isEqualTo(Migrator.VERSIONS.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void foreign_keys_reject_a_post_by_an_unknown_user() throws SQLException {
        store.migrate();
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO \"" + schema + "\".posts (id, author_id, body, created_at) "
                    + "VALUES (1, 42, 'x', now())"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("posts_author_id_fkey");
        }
    }

    @Test
    void connections_of_the_default_pool_run_without_jit() throws SQLException {
        assertThat(rows("SHOW jit")).containsExactly("off");
    }

    @Test
    void schema_names_that_are_not_plain_identifiers_are_rejected_with_the_rule() {
        assertThatThrownBy(() -> JdbcFeedStore.of(store.dataSource(), "x\"; DROP TABLE users; --"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema must be a lower-case identifier matching");
    }
}
