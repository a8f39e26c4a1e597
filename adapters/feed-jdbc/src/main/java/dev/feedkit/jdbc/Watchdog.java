package dev.feedkit.jdbc;

import dev.feedkit.Deadline;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.QueryExecutor;

/*
 * Why our own timer instead of pgjdbc's statement timeout: pgjdbc cancels a statement past its
 * timeout from its timer thread, then makes the failing call wait until that cancel request has
 * been sent and answered (PgStatement.killTimerTask). Against a frozen server (SIGSTOP) the cancel
 * connection is accepted by the kernel and never answered, so calls failed up to
 * cancelSignalTimeout (1 s) after their deadline, until the store breaker opened.
 *
 * Here, at the deadline, the watchdog
 *   1. hands the cancel request to a small pool of its own, so that a backend that is merely slow
 *      still stops the statement (nobody waits for it; on a frozen server it times out there), and
 *   2. aborts the connection (Connection.abort: pgjdbc closes the socket at once, taking no lock),
 *      so the call blocked on it fails (SQLState 08006) right away, whatever the server does.
 * A connection whose watchdog fired is never used again: the cancel request may reach its backend
 * after a later statement started, so Calls evicts it from a HikariCP pool (any other pool finds it
 * closed). The cost is one scheduled task per call (schedule and cancel: about a microsecond,
 * against a statement's hundreds) and a new connection after each timeout.
 *
 * The cancel pool has 2 threads and drops cancels beyond 64 waiting: on a frozen server each one
 * waits up to cancelSignalTimeout, and a dropped cancel only lets a statement whose connection is
 * already closed run to its end on the server.
 */

/** Aborts a pgjdbc connection whose call is still running at its deadline. */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();
    private static final ThreadPoolExecutor CANCELS = cancels();
    private static final Executor DIRECT = Runnable::run;

    private final BaseConnection pg;
    private final ScheduledFuture<?> task;
    private volatile boolean fired;

    private Watchdog(BaseConnection pg, long nanos) {
        this.pg = pg;
        this.task = TIMER.schedule(this::fire, nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Arms a watchdog on {@code connection} for {@code deadline}.
     *
     * @return the watchdog, or null when the deadline is unbounded or the connection is not pgjdbc's
     */
    static Watchdog arm(Connection connection, Deadline deadline) throws SQLException {
        if (deadline.isUnbounded() || !connection.isWrapperFor(BaseConnection.class)) {
            return null;
        }
        return new Watchdog(connection.unwrap(BaseConnection.class), Math.max(0, deadline.remainingNanos()));
    }

    /**
     * Stops the watchdog.
     *
     * @return whether it fired (or is firing): the connection is aborted and must not be reused
     */
    boolean disarm() {
        return !task.cancel(false) || fired;
    }

    private void fire() {
        fired = true;
        QueryExecutor executor = pg.getQueryExecutor();
        try {
            CANCELS.execute(() -> cancel(executor));
        } catch (RejectedExecutionException full) {
            // the connection is aborted below; its backend finishes the statement on its own
        }
        try {
            pg.abort(DIRECT);
        } catch (SQLException | RuntimeException e) {
            // already closed
        }
    }

    private static void cancel(QueryExecutor executor) {
        try {
            executor.sendQueryCancel();
        } catch (SQLException | RuntimeException e) {
            // the server is gone or frozen: nothing to stop
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("feedkit-jdbc-deadline"));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private static ThreadPoolExecutor cancels() {
        ThreadPoolExecutor p = new ThreadPoolExecutor(2, 2, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
                daemon("feedkit-jdbc-cancel"), new ThreadPoolExecutor.AbortPolicy());
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
