package dev.feedkit.examples;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages as the demo's JSON errors: what Jetty answers itself, before any route runs
 * (a bad request line or percent-encoding: 400; headers over the size limit: 431; a request line
 * over it: 414; an unsupported version: 505), gets {@code {"error":{"code":..,"message":..}}}
 * with a fixed message per status, never Jetty's own text or an exception's.
 */
final class JsonErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
            Callback callback) {
        HttpError error = of(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Exchange.JSON);
        if (status == 503) {
            response.getHeaders().put("Retry-After", "1");
        }
        byte[] body = error.body();
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The error body for a status that Jetty chose. */
    static HttpError of(int status) {
        switch (status) {
            case 400: return new HttpError(400, "bad_request",
                    "the request is malformed: check the request line, the percent-encoding and the headers");
            case 408: return new HttpError(408, "request_timeout", "the request did not arrive in time");
            case 413: return new HttpError(413, "body_too_large", "the request body is too large");
            case 414: return new HttpError(414, "uri_too_long", "the URI is too long");
            case 431: return new HttpError(431, "headers_too_large", "the request headers are too large");
            case 505: return new HttpError(505, "version_not_supported", "use HTTP/1.1");
            case 503: return HttpError.unavailable("the server is unavailable; retry");
            default: return status >= 500 ? HttpError.internal()
                    : new HttpError(status, "bad_request", "the request was refused with status " + status);
        }
    }
}
