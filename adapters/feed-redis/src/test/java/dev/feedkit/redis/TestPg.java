package dev.feedkit.redis;

import static org.junit.jupiter.api.Assertions.fail;

import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.DemoLoader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** A private PostgreSQL schema loaded with a data set, dropped on close; for the PostgreSQL + Redis tests. */
final class TestPg implements AutoCloseable {
    final String url;
    final JdbcFeedStore store;

    private TestPg(String url, JdbcFeedStore store) {
        this.url = url;
        this.store = store;
    }

    /** Creates the schema and COPY-loads {@code data}, or skips (fails under feedkit.requireServices) without PostgreSQL. */
    static TestPg load(DemoData data) {
        String env = System.getenv("FEEDKIT_PG_URL");
        String url = env == null || env.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : env;
        try (Connection c = DriverManager.getConnection(url)) {
            c.isValid(2);
        } catch (SQLException e) {
            String why = "PostgreSQL at " + url + " (FEEDKIT_PG_URL) is unreachable: " + e.getMessage();
            if (Services.requireServices()) {
                fail(why, e);
            }
            Assumptions.abort(why);
        }
        JdbcFeedStore store = JdbcFeedStore.fromUrl(url, "feedkit_redis_t_" + UUID.randomUUID().toString().substring(0, 8));
        store.migrate();
        DemoLoader.copy(store.dataSource(), store.schema(), data);
        return new TestPg(url, store);
    }

    /** Runs one statement; {@code %s} in {@code sql} stands for the schema. */
    void update(String sql, Object... args) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(String.format(sql, store.schema()))) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        String schema = store.schema();
        store.close();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop schema " + schema, e);
        }
    }
}
