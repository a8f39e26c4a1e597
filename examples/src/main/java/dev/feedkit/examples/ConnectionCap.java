package dev.feedkit.examples;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;

/*
 * Why two limits: Jetty's NetworkConnectionLimit stops accepting at its limit, so connections
 * beyond it wait in the kernel's accept queue with no answer at all (the client's connect has
 * succeeded), then are dropped when that queue is full. A client is better served by a fast 503:
 * so every connection opened while `max` others are open is marked, and each request on it gets a
 * 503 at once, on the Jetty thread that parsed it (Routes), costing no pool thread and no queue
 * slot, until enough others have closed: then the connection is served like any other. The 503
 * keeps the connection open: closing it made aggressive clients reconnect at once, and the
 * reconnects overflowed the kernel's accept queue, where a dropped SYN costs the client a 1 s
 * retransmission (measured with benchmarks/faults.sh: 503 p99 1.09 s with close, against a 1 s
 * deadline). The server still accepts up to twice `max` (DemoServer sets that hard limit), beyond
 * which the kernel's queue and refusal take over. Health checks are answered on any connection.
 */

/** Marks the connections opened while the server already had its maximum open. */
final class ConnectionCap implements Connection.Listener {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<Connection> over = ConcurrentHashMap.newKeySet();

    ConnectionCap(int max) {
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        if (open.incrementAndGet() > max) {
            over.add(connection);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        open.decrementAndGet();
        over.remove(connection);
    }

    /**
     * @return whether {@code connection} was opened past the maximum and the server still has more
     *     than the maximum open; its requests get 503
     */
    boolean isOver(Connection connection) {
        if (over.isEmpty() || !over.contains(connection)) {
            return false;
        }
        if (open.get() <= max) {
            over.remove(connection);
            return false;
        }
        return true;
    }

    /** @return the most connections served at once */
    int max() {
        return max;
    }
}
