package dev.feedkit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.DemoLoader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The worked example of the README: a host whose tables have other names and columns (accounts,
 * subscriptions, blocklist, silenced, articles, attachments, labels, and a view feed_media), in its
 * own schema, filled with a demo data set and read through its own SQL (resources under host/).
 */
final class HostSchema implements AutoCloseable {
    /** The statements the host replaces: all of them. */
    static final List<String> STATEMENTS = List.of("candidates", "posts", "media", "tags", "authors",
            "relationships", "followers", "follower_count", "author_posts");

    final String schema;
    final HikariDataSource dataSource;

    private HostSchema(String schema, HikariDataSource dataSource) {
        this.schema = schema;
        this.dataSource = dataSource;
    }

    /** Creates the host's tables and fills them with {@code data}, by way of a reference schema dropped after. */
    static HostSchema create(DemoData data) {
        String schema = "wt2_schema_host_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8)
                .toLowerCase(Locale.ROOT);
        try (TestDb reference = TestDb.create()) {
            DemoLoader.copy(reference.dataSource(), reference.schema, data);
            HostSchema host = empty(schema);
            host.exec(sql("schema.sql"));
            host.exec(sql("copy_from_reference.sql").replace("${reference}", '"' + reference.schema + '"'));
            return host;
        }
    }

    /** Creates the host's schema with its tables and no rows. */
    static HostSchema createEmpty() {
        TestDb.create().close(); // skips or fails when PostgreSQL is unreachable
        String schema = "wt2_schema_host_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8)
                .toLowerCase(Locale.ROOT);
        HostSchema host = empty(schema);
        host.exec(sql("schema.sql"));
        return host;
    }

    private static HostSchema empty(String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDb.url());
        config.setMaximumPoolSize(4);
        config.setPoolName("wt2-schema-host");
        HostSchema host = new HostSchema(schema, new HikariDataSource(config));
        host.exec("CREATE SCHEMA ${schema}");
        return host;
    }

    /** @return the host's text of one statement, or of the DDL ({@code schema.sql}) */
    static String sql(String file) {
        return Sql.read("host/" + file).strip();
    }

    /** @return the reference statements with every one replaced by the host's */
    static FeedStatements statements() {
        return FeedStatements.reference()
                .withCandidates(sql("candidates.sql"))
                .withPosts(sql("posts.sql"))
                .withMedia(sql("media.sql"))
                .withTags(sql("tags.sql"))
                .withAuthors(sql("authors.sql"))
                .withRelationships(sql("relationships.sql"))
                .withFollowers(sql("followers.sql"))
                .withFollowerCount(sql("follower_count.sql"))
                .withAuthorPosts(sql("author_posts.sql"));
    }

    /** @return a builder over the host's schema and statements */
    JdbcFeedStore.Builder builder() {
        return JdbcFeedStore.newBuilder(dataSource).schema(schema).statements(statements());
    }

    void exec(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql.replace("${schema}", '"' + schema + '"'));
        } catch (SQLException e) {
            throw new IllegalStateException("host SQL failed: " + sql, e);
        }
    }

    @Override
    public void close() {
        try {
            exec("DROP SCHEMA IF EXISTS ${schema} CASCADE");
        } finally {
            dataSource.close();
        }
    }
}
