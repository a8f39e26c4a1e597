package dev.feedkit.examples;

import dev.feedkit.FeedRequest;
import dev.feedkit.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the query string of {@code GET /api/v1/feed} into a {@link FeedRequest}, strictly.
 *
 * <p>{@code viewer} is required and must be a positive 64-bit integer; {@code limit} (default 20)
 * an integer in 1..100; {@code seed} (optional) a non-negative 63-bit integer; {@code mode}
 * (optional) {@code chronological} or {@code ranked}, and on a continued page the cursor's mode;
 * {@code cursor} (optional) is passed through for the assembler to check. Nothing is clamped or guessed: a
 * parameter given twice, empty (including {@code cursor=}, which {@link FeedRequest} refuses rather
 * than read as the first page), non-numeric or out of range is a 400 with that parameter's code. Other parameters
 * are ignored, so that clients may add cache-busters and the like.
 */
final class FeedQuery {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");

    private FeedQuery() {
    }

    /**
     * Parses {@code rawQuery}, still percent-encoded, or {@code null} when the URI has none.
     *
     * @throws InvalidRequestException naming the offending parameter and value
     */
    static FeedRequest parse(String rawQuery) {
        return parse(rawQuery, null);
    }

    /**
     * Parses {@code rawQuery} into a request that may take {@code timeout} (null: the assembler's).
     *
     * @throws InvalidRequestException naming the offending parameter and value
     */
    static FeedRequest parse(String rawQuery, Duration timeout) {
        Map<String, String> params = known(rawQuery);
        FeedRequest.Builder b = FeedRequest.newBuilder(viewer(params.get("viewer")));
        if (timeout != null) {
            b.timeout(timeout);
        }
        b.cursor(params.get("cursor"));
        if (params.containsKey("limit")) {
            b.limit(limit(params.get("limit")));
        }
        if (params.containsKey("seed")) {
            b.seed(integer(params.get("seed"), InvalidRequestException.INVALID_SEED, "seed",
                    "a non-negative 63-bit integer"));
        }
        if (params.containsKey("mode")) {
            b.mode(FeedRequest.Mode.parse(params.get("mode")));
        }
        return b.build();
    }

    private static long viewer(String raw) {
        if (raw == null) {
            throw new InvalidRequestException(InvalidRequestException.INVALID_VIEWER,
                    "viewer is required: a positive 64-bit integer, as in /api/v1/feed?viewer=42");
        }
        return integer(raw, InvalidRequestException.INVALID_VIEWER, "viewer", "a positive 64-bit integer");
    }

    private static int limit(String raw) {
        long limit = integer(raw, InvalidRequestException.INVALID_LIMIT, "limit",
                "an integer between 1 and " + FeedRequest.MAX_LIMIT);
        if (limit < 1 || limit > FeedRequest.MAX_LIMIT) {
            throw new InvalidRequestException(InvalidRequestException.INVALID_LIMIT,
                    "limit must be between 1 and " + FeedRequest.MAX_LIMIT + ", was " + limit);
        }
        return (int) limit;
    }

    /** Parses a decimal integer; the range checks are the caller's (or FeedRequest's). */
    private static long integer(String raw, String code, String name, String rule) {
        if (INTEGER.matcher(raw).matches()) {
            try {
                return Long.parseLong(raw);
            } catch (NumberFormatException tooLarge) {
                // falls through to the message below: 19 digits can exceed a long
            }
        }
        throw new InvalidRequestException(code, name + " must be " + rule + ", was " + quoted(raw));
    }

    /** Decodes the known parameters; a known one given twice or badly encoded is rejected. */
    private static Map<String, String> known(String rawQuery) {
        Map<String, String> params = new HashMap<>(8);
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String code = codeOf(name);
            if (code == null) {
                continue;
            }
            String value = decode(eq < 0 ? "" : pair.substring(eq + 1), code, name);
            if (params.putIfAbsent(name, value) != null) {
                throw new InvalidRequestException(code, name + " must be given at most once");
            }
        }
        return params;
    }

    private static String codeOf(String name) {
        switch (name) {
            case "viewer": return InvalidRequestException.INVALID_VIEWER;
            case "limit": return InvalidRequestException.INVALID_LIMIT;
            case "cursor": return InvalidRequestException.INVALID_CURSOR;
            case "seed": return InvalidRequestException.INVALID_SEED;
            case "mode": return InvalidRequestException.INVALID_MODE;
            default: return null;
        }
    }

    private static String decode(String raw, String code, String name) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(code, name + " is not valid percent-encoding: " + quoted(raw));
        }
    }

    /** Quotes a client's value for a message, cut to 64 characters. */
    private static String quoted(String raw) {
        String shown = raw.length() > 64 ? raw.substring(0, 64) + "..." : raw;
        return "\"" + shown + "\"";
    }
}
