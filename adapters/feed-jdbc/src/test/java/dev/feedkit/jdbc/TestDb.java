package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL of the tests: FEEDKIT_PG_URL (default the local {@code test} database), one fresh
 * schema per test class, dropped afterwards. An unreachable server skips the test, or fails it
 * with {@code -Dfeedkit.requireServices=true}.
 */
final class TestDb implements AutoCloseable {
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    final String url;
    final String schema;
    final JdbcFeedStore store;

    private TestDb(String url, String schema, JdbcFeedStore store) {
        this.url = url;
        this.schema = schema;
        this.store = store;
    }

    static String url() {
        String url = System.getenv("FEEDKIT_PG_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    /** Connects (or skips/fails), creates a fresh schema and migrates it. */
    static TestDb create() {
        String url = url();
        requireReachable(url);
        String schema = "feedkit_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8).toLowerCase(Locale.ROOT);
        JdbcFeedStore store = JdbcFeedStore.fromUrl(url, schema);
        store.migrate();
        return new TestDb(url, schema, store);
    }

    static DataSource simpleDataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        return ds;
    }

    private static void requireReachable(String url) {
        try (Connection c = simpleDataSource(url).getConnection()) {
            c.isValid(2);
        } catch (SQLException e) {
            String why = "PostgreSQL at FEEDKIT_PG_URL (" + url + ") is unreachable: " + e.getMessage();
            if (Boolean.getBoolean("feedkit.requireServices")) {
                fail(why + " (feedkit.requireServices=true)");
            }
            Assumptions.abort(why);
        }
    }

    DataSource dataSource() {
        return store.dataSource();
    }

    /** Runs SQL with {@code ${schema}} replaced by this class's schema. */
    void exec(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql.replace("${schema}", '"' + schema + '"'));
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + sql, e);
        }
    }

    /**
     * Returns a data source that always hands out {@code connection}, whose close() does nothing, so
     * per-connection driver state (prepared statements, describe state) carries across calls.
     */
    static DataSource pinned(Connection connection) {
        Connection keep = (Connection) Proxy.newProxyInstance(TestDb.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) Proxy.newProxyInstance(TestDb.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return keep;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Override
    public void close() {
        exec("DROP SCHEMA IF EXISTS ${schema} CASCADE");
        store.close();
    }
}
