package dev.feedkit.jdbc;

import dev.feedkit.testkit.DemoLoader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.testkit.DemoData;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The README's feed-jdbc snippets, compiled and run (java-dataloader's ReadmeExamples habit). */
final class ReadmeExampleTest {

    @Test
    void the_demo_wiring_serves_a_page_from_postgresql_and_loads_the_data_only_once() throws SQLException {
        TestDb.create().close(); // skips or fails here when PostgreSQL is unreachable
        String url = TestDb.url();
        String schema = "feedkit_test_readme_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
        DemoData data = DemoData.newBuilder().users(300).posts(3_000).meanFollows(20).seed(42).build();
        try {
            // --- README: serve a feed from PostgreSQL -------------------------------------------
            JdbcFeedStore pg = JdbcFeedStore.fromUrl(url, schema); // HikariCP pool, 10 connections
            pg.migrate();                                          // applies V1__schema.sql, ... once
            DemoLoader.copyIfEmpty(pg.dataSource(), pg.schema(), data);                              // COPY, only on the first start
            try (FeedAssembler feeds = FeedAssembler.newBuilder().source(pg).store(pg).build()) {
                FeedPage page = feeds.assemble(FeedRequest.of(data.sampleViewer()));
                // --- end of README snippet ------------------------------------------------------
                assertThat(page.items()).hasSize(FeedRequest.DEFAULT_LIMIT);
                assertThat(DemoLoader.copyIfEmpty(pg.dataSource(), pg.schema(), data)).isEmpty();
            } finally {
                pg.close();
            }
        } finally {
            try (Connection c = TestDb.simpleDataSource(url).getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        }
    }
}
