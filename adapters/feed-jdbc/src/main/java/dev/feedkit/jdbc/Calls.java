package dev.feedkit.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.feedkit.Deadline;
import dev.feedkit.FeedUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.postgresql.jdbc.PgStatement;

/*
 * How a call ends by its deadline. On a pgjdbc connection the Watchdog, at the deadline, sends the
 * cancel request without waiting for it (so a slow backend stops) and aborts the connection (so
 * the blocked call fails at once with SQLState 08006, even when the server is frozen); Guard then
 * evicts the connection. pgjdbc's own statement timeout is not used there: it makes the failing
 * call wait for its cancel request, up to cancelSignalTimeout (1 s) on a frozen server. Behind the
 * watchdog, the connection's network timeout (a socket read timeout, no round trip) is the time
 * left plus 50 ms, a backstop in case the watchdog's thread is late. Any other connection (a
 * wrapper that hides pgjdbc) gets a statement timeout instead: pgjdbc's setQueryTimeoutMs when it
 * can be reached, otherwise JDBC's whole seconds, rounded up. Either way a failure becomes
 * FeedUnavailableException.
 *
 * Borrowing is bounded by the deadline too. HikariDataSource.getConnection() waits the pool's
 * connectionTimeout (at least 250 ms) whatever the request has left; HikariPool.getConnection(long)
 * takes the wait per call, so a HikariCP pool is borrowed from directly. Hikari validates a
 * connection idle for more than 500 ms before handing it out, for up to its validationTimeout,
 * and checks the wait only after that; so the wait given is the time left minus the validation
 * timeout, and a borrow ends by the deadline. Any other DataSource is asked with getConnection(),
 * bounded only by its own settings.
 */

/** What every database call of this module does on entry and on failure. */
final class Calls {
    private Calls() {
    }

    /**
     * Fails fast if the deadline has passed, before a connection is borrowed.
     *
     * @throws FeedUnavailableException if no time is left
     */
    static void checkDeadline(String what, Deadline deadline) {
        if (deadline.isExpired()) {
            throw new FeedUnavailableException(what + ": the request deadline passed before the query ran", null);
        }
    }

    /**
     * Borrows a connection, waiting no longer than the time left (for a HikariCP pool; see above).
     *
     * @throws SQLException if none is available in time, as the pool reports it
     */
    static Connection borrow(DataSource dataSource, String what, Deadline deadline) throws SQLException {
        checkDeadline(what, deadline);
        if (deadline.isUnbounded() || !(dataSource instanceof HikariDataSource)) {
            return dataSource.getConnection();
        }
        HikariDataSource hikari = (HikariDataSource) dataSource;
        if (!(hikari.getHikariPoolMXBean() instanceof HikariPool)) {
            return dataSource.getConnection(); // not started yet: it starts on first use
        }
        long wait = deadline.remainingMillisOrZero() - hikari.getValidationTimeout();
        return ((HikariPool) hikari.getHikariPoolMXBean()).getConnection(Math.max(1, wait));
    }

    /** Bounds {@code statement} by the time left until {@code deadline}; no bound if unbounded. */
    static void applyDeadline(String what, Statement statement, Deadline deadline) throws SQLException {
        checkDeadline(what, deadline);
        long millis = deadline.remainingMillisOrZero();
        if (millis == 0) {
            return;
        }
        if (statement.isWrapperFor(PgStatement.class)) {
            statement.unwrap(PgStatement.class).setQueryTimeoutMs(millis);
        } else {
            // A wrapper that hides pgjdbc: the JDBC API only takes whole seconds, rounded up.
            statement.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
        }
    }

    /** How long past the deadline the socket read timeout fires, a backstop behind the Watchdog. */
    static final int NETWORK_GRACE_MILLIS = 50;

    /**
     * Bounds every wait of a call on {@code connection} by {@code deadline}: arms a {@link Watchdog}
     * (pgjdbc connections) and sets the network timeout to the time left plus
     * {@link #NETWORK_GRACE_MILLIS}; nothing changes for an unbounded deadline. Close it before the
     * connection: it restores the network timeout, or evicts the connection if the watchdog fired.
     */
    static Guard guard(DataSource dataSource, Connection connection, Deadline deadline) throws SQLException {
        long millis = deadline.remainingMillisOrZero();
        if (millis == 0) {
            return new Guard(dataSource, connection, deadline, -1, null);
        }
        int previous = connection.getNetworkTimeout();
        connection.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, millis + NETWORK_GRACE_MILLIS));
        return new Guard(dataSource, connection, deadline, previous, Watchdog.arm(connection, deadline));
    }

    /** The deadline's hold on one call's connection; see {@link #guard}. */
    static final class Guard implements AutoCloseable {
        private final DataSource dataSource;
        private final Connection connection;
        private final Deadline deadline;
        private final int previousNetworkTimeout;
        private final Watchdog watchdog;

        private Guard(DataSource dataSource, Connection connection, Deadline deadline, int previousNetworkTimeout,
                Watchdog watchdog) {
            this.dataSource = dataSource;
            this.connection = connection;
            this.deadline = deadline;
            this.previousNetworkTimeout = previousNetworkTimeout;
            this.watchdog = watchdog;
        }

        /** Bounds {@code statement}: by the watchdog if armed, else by a statement timeout. */
        void bound(String what, Statement statement) throws SQLException {
            if (watchdog == null) {
                applyDeadline(what, statement, deadline);
            } else {
                checkDeadline(what, deadline);
            }
        }

        @Override
        public void close() throws SQLException {
            if (watchdog != null && watchdog.disarm()) {
                if (dataSource instanceof HikariDataSource) {
                    ((HikariDataSource) dataSource).evictConnection(connection);
                }
                return; // aborted: nothing to restore
            }
            if (previousNetworkTimeout >= 0) {
                connection.setNetworkTimeout(DIRECT, previousNetworkTimeout);
            }
        }
    }

    private static final Executor DIRECT = Runnable::run;

    /** Wraps a database failure (down, timed out, cancelled) with the cause kept. */
    static FeedUnavailableException unavailable(String what, SQLException e) {
        return new FeedUnavailableException(what + " failed (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
    }
}
