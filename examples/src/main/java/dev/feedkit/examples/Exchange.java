package dev.feedkit.examples;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request to a demo route and its response: the parts of Jetty's request, response and
 * callback that the routes use, with the request body already read.
 *
 * <p>Every send is one asynchronous write of a complete body with its length, which completes the
 * exchange: the thread that sends returns at once, and a client that reads slowly holds its own
 * connection (until the idle timeout), never a pool thread.
 */
final class Exchange {
    static final String JSON = "application/json; charset=utf-8";
    private static final int SHOWN_URI = 200;

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final byte[] body;
    private final long arrivedNanos = System.nanoTime();

    Exchange(Request request, Response response, Callback callback, byte[] body) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.body = body;
    }

    /** @return the request method, such as {@code GET} */
    String method() {
        return request.getMethod();
    }

    /** @return the path, still percent-encoded */
    String rawPath() {
        return request.getHttpURI().getPath();
    }

    /** @return the query, still percent-encoded, or null when there is none */
    String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    /** @return path and query for a log line, cut to 200 characters */
    String shownUri() {
        String q = rawQuery();
        String uri = q == null ? rawPath() : rawPath() + "?" + q;
        return uri.length() > SHOWN_URI ? uri.substring(0, SHOWN_URI) + "..." : uri;
    }

    /** @return when this exchange was created, on {@link System#nanoTime()}: after headers and body arrived */
    long arrivedNanos() {
        return arrivedNanos;
    }

    /** @return the request body, empty for a route that reads none */
    byte[] body() {
        return body;
    }

    /** Sets a response header. */
    void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /** Sends an error body, with {@code Retry-After} on a 503. */
    void send(HttpError error) {
        if (error.status() == 503) {
            header("Retry-After", "1");
        }
        send(error.status(), error.body());
    }

    /** Sends a complete JSON body with its length. */
    void send(int status, byte[] json) {
        send(status, ByteBuffer.wrap(json));
    }

    /** Sends the remaining bytes of {@code json} with their length; the buffer must not change until then. */
    void send(int status, ByteBuffer json) {
        send(status, JSON, json);
    }

    /** Sends the remaining bytes of {@code body} as {@code contentType}; the buffer must not change until then. */
    void send(int status, String contentType, ByteBuffer body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.remaining());
        response.write(true, body, callback);
    }
}
