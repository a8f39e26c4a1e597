package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.Keyset;
import dev.feedkit.testkit.FakeTicker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.postgresql.ds.PGSimpleDataSource;

/*
 * These tests keep the real clock on purpose: what they check is that PostgreSQL, pgjdbc and the
 * network give up in time (statement timeouts, cancel requests, socket timeouts), and those run on
 * the server's and the JDK's clocks, which no ticker moves. Only the deadline that has passed before
 * any query runs is checked on a fake ticker.
 */
final class TimeoutTest {
    /**
     * A statement past its deadline is cancelled (57014), or, if the socket read backstop (the
     * deadline + Calls.NETWORK_GRACE_MILLIS) fires before the cancel's error arrives on a loaded
     * host, its connection is broken (08006); either way the call is unavailable.
     */
    private static final String CANCELLED = "(?s).*SQLState (57014|08006).*";
    private static TestDb db;

    @BeforeAll
    static void create() {
        db = TestDb.create();
        db.exec("INSERT INTO ${schema}.users (id, username, display_name, created_at) VALUES (1, 'a', 'A', now())");
        db.exec("INSERT INTO ${schema}.posts (id, author_id, body, created_at) VALUES (1, 1, 'x', now())");
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            db.close();
        }
    }

    private static JdbcFeedStore closedPortStore() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("test");
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        return JdbcFeedStore.of(ds, db.schema);
    }

    @Test
    void database_down_makes_the_source_unavailable_with_the_cause_kept() throws Exception {
        JdbcFeedStore down = closedPortStore();
        assertThatThrownBy(() -> down.candidates(1, Keyset.START, 21, new Candidates(), Deadline.none()))
                .isInstanceOf(FeedUnavailableException.class)
                .hasMessageContaining("feed candidates of viewer 1 failed (SQLState 08001)")
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void database_down_makes_the_store_unavailable_with_the_cause_kept() throws Exception {
        JdbcFeedStore down = closedPortStore();
        EntityKeys keys = EntityKeys.of(1, new long[] {1}, new long[] {1});
        assertThatThrownBy(() -> down.load(keys, Entities.of(keys), Deadline.none()))
                .isInstanceOf(FeedUnavailableException.class)
                .hasMessageContaining("entity load")
                .hasCauseInstanceOf(SQLException.class);
    }

    /** Holds an ACCESS EXCLUSIVE lock on posts so that reading it waits, as a slow database would. */
    private static void whileLocked(ThrowingRunnable body) throws Exception {
        try (Connection c = TestDb.simpleDataSource(db.url).getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL lock_timeout = '10s'");
            s.execute("LOCK TABLE \"" + db.schema + "\".posts IN ACCESS EXCLUSIVE MODE");
            try {
                body.run();
            } finally {
                c.rollback();
            }
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void a_query_slower_than_the_deadline_is_cancelled_and_becomes_unavailable() throws Exception {
        whileLocked(() -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> db.store.candidates(1, Keyset.START, 21, new Candidates(),
                    Deadline.after(Duration.ofMillis(300))))
                    .isInstanceOf(FeedUnavailableException.class)
                    .hasMessageMatching(CANCELLED)
                    .cause().isInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        });
    }

    @Test
    void an_entity_load_slower_than_the_deadline_is_cancelled_and_becomes_unavailable() throws Exception {
        EntityKeys keys = EntityKeys.of(1, new long[] {1}, new long[] {1});
        whileLocked(() -> assertThatThrownBy(() -> db.store.load(keys, Entities.of(keys),
                Deadline.after(Duration.ofMillis(300))))
                .isInstanceOf(FeedUnavailableException.class)
                .hasMessageMatching(CANCELLED)
                .hasCauseInstanceOf(SQLException.class));
    }

    @Test
    void pg_sleep_longer_than_the_deadline_is_cancelled() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            Calls.applyDeadline("sleep", s, Deadline.after(Duration.ofMillis(200)));
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(5)"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014");
        }
    }

    @Test
    void a_dead_network_fails_the_call_soon_after_the_deadline_instead_of_hanging() throws Exception {
        Properties p = Driver.parseURL(db.url, null);
        try (CountingProxy proxy = new CountingProxy(PGProperty.PG_HOST.getOrDefault(p),
                Integer.parseInt(PGProperty.PG_PORT.getOrDefault(p)))) {
            PGSimpleDataSource ds = (PGSimpleDataSource) TestDb.simpleDataSource(db.url);
            ds.setServerNames(new String[] {"127.0.0.1"});
            ds.setPortNumbers(new int[] {proxy.port()});
            ds.setCancelSignalTimeout(1);
            try (Connection c = ds.getConnection()) {
                JdbcFeedStore store = JdbcFeedStore.of(TestDb.pinned(c), db.schema);
                proxy.blackHole(true);
                // 300 ms deadline + 1 s cancel signal timeout (pgjdbc waits for it) + 50 ms socket read grace.
                assertTimeoutPreemptively(Duration.ofSeconds(8), () ->
                        assertThatThrownBy(() -> store.candidates(1, Keyset.START, 21, new Candidates(),
                                Deadline.after(Duration.ofMillis(300))))
                                .isInstanceOf(FeedUnavailableException.class)
                                .hasMessageContaining("SQLState 08006")
                                .hasCauseInstanceOf(SQLException.class));
            }
        }
    }

    @Test
    void an_expired_deadline_fails_before_any_query() {
        FakeTicker ticker = new FakeTicker();
        Deadline passed = Deadline.after(Duration.ofMillis(300), ticker);
        ticker.advance(Duration.ofMillis(300));
        assertThatThrownBy(() -> db.store.candidates(1, Keyset.START, 21, new Candidates(), passed))
                .isInstanceOf(FeedUnavailableException.class)
                .hasMessageContaining("deadline passed before the query ran");
    }
}
