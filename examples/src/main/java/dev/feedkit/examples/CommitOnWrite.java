package dev.feedkit.examples;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body that sends the 200 status line and headers only when the first byte is
 * written, then streams with chunked encoding.
 *
 * <p>{@code FeedAssembler.write} assembles the whole page before it writes a byte, so every
 * assembly failure (a bad cursor, a store that is down) happens while nothing is committed and can
 * still become a 400 or 503. Only a failure of the writer itself, mid-stream, cannot change the
 * status any more: the handler then drops the connection so that the client sees a truncated
 * chunked body rather than a short page that looks complete.
 */
final class CommitOnWrite extends OutputStream {
    private final HttpExchange exchange;
    private final String contentType;
    private OutputStream body;

    CommitOnWrite(HttpExchange exchange, String contentType) {
        this.exchange = exchange;
        this.contentType = contentType;
    }

    /** @return whether the status line has been sent */
    boolean committed() {
        return body != null;
    }

    @Override
    public void write(int b) throws IOException {
        commit().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        commit().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        if (body != null) {
            body.flush();
        }
    }

    /** Does nothing: {@link #finish()} ends the response, after the writer is done. */
    @Override
    public void close() {
    }

    /** Commits if nothing was written yet, and ends the chunked body. */
    void finish() throws IOException {
        commit().close();
    }

    private OutputStream commit() throws IOException {
        if (body == null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, 0);
            body = exchange.getResponseBody();
        }
        return body;
    }
}
