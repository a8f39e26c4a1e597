package dev.feedkit.examples;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Why this exists: Jetty parses headers without a thread, so a client that sends its headers at
 * one byte a second holds no thread, but its idle timeout restarts with every byte, so it holds its
 * connection for hours. Jetty 12 has no header timeout of its own; this sweep closes a connection
 * whose parser has been inside one request's headers for longer than the timeout (between one and
 * one and a quarter timeouts, at a sweep every quarter). A connection with nothing received yet is
 * the idle timeout's business; a body is the body timeout's (Routes).
 * It reads the parser of Jetty's HttpConnection, public but in an internal package: the version
 * is pinned in the parent pom, and DemoServerHostileClientTest fails if this stops working.
 */

/** Closes connections that take longer than a timeout to send one request's headers. */
final class HeaderTimeouts implements Connection.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeaderTimeouts.class);

    private final long timeoutNanos;
    private final Map<HttpConnection, Watch> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "feedkit-demo-header-timeouts");
        t.setDaemon(true);
        return t;
    });

    HeaderTimeouts(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(1, timeout.toMillis() / 4);
        sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Since when a connection has been inside the headers of its request number {@code messages}. */
    private static final class Watch {
        long messages = -1;
        long since;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection) {
            open.put((HttpConnection) connection, new Watch());
        }
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    private void sweep() {
        long now = System.nanoTime();
        open.forEach((connection, watch) -> check(connection, watch, now));
    }

    private void check(HttpConnection connection, Watch watch, long now) {
        HttpParser parser = connection.getParser();
        boolean inHeaders = parser.inHeaderState() && !parser.isIdle();
        long messages = connection.getMessagesIn();
        if (!inHeaders) {
            watch.messages = -1;
        } else if (watch.messages != messages) {
            watch.messages = messages;
            watch.since = now;
        } else if (now - watch.since > timeoutNanos) {
            log.debug("closing {}: its request headers took longer than {} ms", connection.getEndPoint().getRemoteSocketAddress(),
                    TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            connection.getEndPoint().close();
            open.remove(connection);
        }
    }

    /** Stops the sweep. */
    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
