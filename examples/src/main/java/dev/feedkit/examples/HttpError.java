package dev.feedkit.examples;

import dev.feedkit.InvalidRequestException;
import java.nio.charset.StandardCharsets;

/**
 * An error answer of the demo server: its status and the JSON body of the error table in docs/CONTRACT.md.
 *
 * <p>The body is written by hand rather than through a JSON library because it has two fields;
 * {@link #quote} escapes everything JSON requires plus U+2028/U+2029, so that a message that
 * echoes a client's input (quotes, backslashes, control characters) still yields valid JSON.
 * An internal error has no message at all: nothing about the failure leaves the process.
 */
record HttpError(int status, String code, String message) {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static HttpError badRequest(InvalidRequestException e) {
        return new HttpError(400, e.code(), e.getMessage());
    }

    static HttpError unavailable(String message) {
        return new HttpError(503, "unavailable", message);
    }

    static HttpError internal() {
        return new HttpError(500, "internal", null);
    }

    static HttpError notFound(String path) {
        return new HttpError(404, "not_found", "no resource at " + path + "; try /api/v1/feed?viewer=ID or /healthz");
    }

    static HttpError methodNotAllowed(String method) {
        return new HttpError(405, "method_not_allowed", "method " + method + " is not allowed; use GET");
    }

    /** Returns {@code {"error":{"code":..,"message":..}}}, without the message when there is none. */
    byte[] body() {
        StringBuilder b = new StringBuilder(64 + (message == null ? 0 : message.length()));
        b.append("{\"error\":{\"code\":");
        quote(code, b);
        if (message != null) {
            b.append(",\"message\":");
            quote(message, b);
        }
        return b.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends {@code s} as a JSON string; unpaired surrogates become U+FFFD, as in feed pages. */
    static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                out.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15])
                        .append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
