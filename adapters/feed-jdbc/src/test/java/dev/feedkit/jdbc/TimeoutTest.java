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
     * A statement past its deadline has its connection aborted by the watchdog (08006; the cancel
     * request goes out beside it), or is cancelled (57014) by a statement timeout where no watchdog
     * can be armed; either way the call is unavailable.
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
    void a_timed_out_statement_is_cancelled_on_the_server_and_its_connection_replaced() throws Exception {
        whileLocked(() -> {
            assertThatThrownBy(() -> db.store.candidates(1, Keyset.START, 21, new Candidates(),
                    Deadline.after(Duration.ofMillis(300))))
                    .isInstanceOf(FeedUnavailableException.class);
            // The watchdog aborted the client's connection; only the cancel request stops the backend,
            // which waits for the lock and would not notice the closed socket.
            assertThat(waitingOnPosts(Duration.ofSeconds(10))).as("backends still waiting on the lock").isZero();
        });
        assertThat(candidates()).as("the next call gets a working connection").isOne();
    }

    /** Polls pg_stat_activity until no backend runs the keyset query, or {@code patience} passes. */
    private static long waitingOnPosts(Duration patience) throws Exception {
        long until = System.nanoTime() + patience.toNanos();
        try (Connection c = TestDb.simpleDataSource(db.url).getConnection(); Statement s = c.createStatement()) {
            while (true) {
                try (java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                        + " AND query LIKE '%" + db.schema + "%' AND pid <> pg_backend_pid() AND query NOT LIKE 'LOCK%'")) {
                    rs.next();
                    long n = rs.getLong(1);
                    if (n == 0 || System.nanoTime() > until) {
                        return n;
                    }
                }
                Thread.sleep(20);
            }
        }
    }

    private static int candidates() {
        Candidates out = new Candidates();
        db.store.candidates(1, Keyset.START, 21, out, Deadline.after(Duration.ofSeconds(5)));
        return out.size();
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
                // The watchdog aborts the connection at the 300 ms deadline; nothing waits for the cancel request.
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
