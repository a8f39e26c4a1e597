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
 * Why milliseconds through PgStatement: Statement.setQueryTimeout takes whole seconds, far coarser
 * than a page's deadline (tens of milliseconds). pgjdbc's setQueryTimeoutMs arms the same cancel
 * timer at millisecond granularity, and costs no round trip (unlike SET statement_timeout).
 * A cancelled statement fails with SQLState 57014, which becomes FeedUnavailableException.
 *
 * The cancel travels on a new connection; if the network to the server is gone (or the server is
 * frozen), neither it nor the error reaches us and the read would block until TCP gives up. So the
 * connection's network timeout (a socket read timeout, no round trip) is set to the time left plus
 * a short grace (50 ms), as a backstop that fails the read, and restored when the call ends. The
 * grace is what a cancel usually needs (a connect, one packet, the postmaster signalling the
 * backend: a few ms on a LAN); when the backstop wins anyway (a loaded host), the call still fails
 * as unavailable, with SQLState 08006 instead of 57014, and its broken connection is replaced.
 * Known gap: after a cancel, pgjdbc waits for the cancel request to finish before the failing call
 * returns, up to cancelSignalTimeout (1 s in fromUrl) when the server is frozen; until the store
 * breaker opens, such a call fails up to that long after its deadline.
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

    /** How long past the deadline the socket read timeout fires, so that a cancel can win first. */
    static final int NETWORK_GRACE_MILLIS = 50;

    /**
     * Sets {@code connection}'s network timeout to the time left plus {@link #NETWORK_GRACE_MILLIS}
     * and returns what restores the previous one; nothing changes for an unbounded deadline.
     */
    static NetworkTimeout networkTimeout(Connection connection, Deadline deadline) throws SQLException {
        long millis = deadline.remainingMillisOrZero();
        if (millis == 0) {
            return () -> { };
        }
        int previous = connection.getNetworkTimeout();
        connection.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, millis + NETWORK_GRACE_MILLIS));
        return () -> connection.setNetworkTimeout(DIRECT, previous);
    }

    /** Restores a connection's network timeout. */
    interface NetworkTimeout extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    private static final Executor DIRECT = Runnable::run;

    /** Wraps a database failure (down, timed out, cancelled) with the cause kept. */
    static FeedUnavailableException unavailable(String what, SQLException e) {
        return new FeedUnavailableException(what + " failed (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
    }
}
