package dev.feedkit.examples;

import java.io.IOException;

/**
 * One route of the demo server: serves an {@link Exchange}, on the request pool unless it says it
 * never blocks.
 *
 * <p>A blocking route (the feed, the writes, the naive feed) runs on the bounded pool and is shed
 * with a 503 when the pool is full. A route that never blocks (health, the static page) runs on
 * the Jetty thread that parsed the request, so it never waits behind feed requests.
 */
interface Route {

    /**
     * Serves the exchange; must complete it, by sending a response, on every path.
     *
     * @param exchange the request and its response
     * @throws IOException if the response cannot be written
     */
    void serve(Exchange exchange) throws IOException;

    /** @return whether it may block (a query, a lock): then it runs on the request pool */
    default boolean blocking() {
        return true;
    }

    /** @return the largest request body it reads, in bytes; 0 when it reads none */
    default int maxBody() {
        return 0;
    }
}
