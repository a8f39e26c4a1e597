package dev.feedkit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedkit.FeedAssembler;
import dev.feedkit.Post;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's write routes, JSON in and JSON out: each commits the change through {@link DemoWrites}
 * and then calls the assembler's write-path method, as a host would.
 *
 * <pre>
 * POST   /api/v1/posts        {"author_id":"42","text":"hello"}       201 {"id":"..","author_id":"42","created_at":".."}
 * DELETE /api/v1/posts/{id}                                            200 {"deleted":"{id}"}
 * POST   /api/v1/follows      {"follower_id":"1","followee_id":"2"}   200 {"status":"ok"}
 * DELETE /api/v1/follows      {"follower_id":"1","followee_id":"2"}   200 {"status":"ok"}
 * POST   /api/v1/blocks       {"blocker_id":"1","blocked_id":"2"}     200 {"status":"ok"}
 * POST   /api/v1/mutes        {"muter_id":"1","muted_id":"2"}         200 {"status":"ok"}
 * DELETE /api/v1/mutes        {"muter_id":"1","muted_id":"2"}         200 {"status":"ok"}
 * </pre>
 *
 * Ids are JSON strings or numbers holding a non-negative integer. A bad id or body is a 400
 * ({@code invalid_id}, {@code invalid_body}), an unknown user or post a 404, never a 500.
 */
final class WriteRoutes implements Route {
    static final String POSTS = "/api/v1/posts";
    static final String FOLLOWS = "/api/v1/follows";
    static final String BLOCKS = "/api/v1/blocks";
    static final String MUTES = "/api/v1/mutes";
    private static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(WriteRoutes.class);

    private final FeedAssembler feeds;
    private final DemoWrites writes;

    WriteRoutes(FeedAssembler feeds, DemoWrites writes) {
        this.feeds = feeds;
        this.writes = writes;
    }

    /** Thrown for a request that is the client's fault. */
    private static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final HttpError error;

        Bad(int status, String code, String message) {
            super(message, null, false, false);
            this.error = new HttpError(status, code, message);
        }
    }

    /** Bodies are read (by Routes, without a thread) up to one byte over the limit, so that the limit's 400 names it. */
    @Override
    public int maxBody() {
        return MAX_BODY + 1;
    }

    @Override
    public void serve(Exchange exchange) {
        try {
            String path = exchange.rawPath();
            String method = exchange.method();
            if (path.equals(POSTS) && method.equals("POST")) {
                createPost(exchange);
            } else if (path.startsWith(POSTS + "/") && method.equals("DELETE")) {
                deletePost(exchange, path.substring(POSTS.length() + 1));
            } else if (path.equals(FOLLOWS) && (method.equals("POST") || method.equals("DELETE"))) {
                follow(exchange, method.equals("POST"));
            } else if (path.equals(BLOCKS) && method.equals("POST")) {
                block(exchange);
            } else if (path.equals(MUTES) && (method.equals("POST") || method.equals("DELETE"))) {
                mute(exchange, method.equals("POST"));
            } else if (path.equals(POSTS) || path.equals(FOLLOWS) || path.equals(BLOCKS) || path.equals(MUTES)
                    || path.startsWith(POSTS + "/")) {
                exchange.send(new HttpError(405, "method_not_allowed", "method " + method + " is not allowed here"));
            } else {
                exchange.send(HttpError.notFound(path));
            }
        } catch (Bad e) {
            exchange.send(e.error);
        } catch (RuntimeException e) {
            log.error("500 for {} {}", exchange.method(), exchange.shownUri(), e);
            exchange.send(HttpError.internal());
        }
    }

    private void createPost(Exchange exchange) {
        JsonNode body = body(exchange);
        long author = id(body, "author_id");
        JsonNode text = body.get("text");
        if (text == null || !text.isTextual() || text.asText().isEmpty() || text.asText().length() > 20_000) {
            throw new Bad(400, "invalid_body", "text must be a string of 1 to 20000 characters");
        }
        Post p = writes.createPost(author, text.asText());
        if (p == null) {
            throw new Bad(404, "not_found", "no user " + author);
        }
        feeds.postPublished(p.id(), p.authorId(), p.createdAt());
        exchange.send(201, ("{\"id\":\"" + p.id() + "\",\"author_id\":\"" + author + "\",\"created_at\":\""
                + p.createdAt() + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private void deletePost(Exchange exchange, String rawId) {
        long id = parseId("post id", rawId);
        Post p = writes.deletePost(id);
        if (p == null) {
            throw new Bad(404, "not_found", "no live post " + id);
        }
        feeds.postDeleted(p.id(), p.authorId(), p.createdAt());
        exchange.send(200, ("{\"deleted\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private void follow(Exchange exchange, boolean add) {
        JsonNode body = body(exchange);
        long follower = id(body, "follower_id");
        long followee = id(body, "followee_id");
        sameUser(follower, followee);
        if (!writes.follow(follower, followee, add)) {
            throw new Bad(404, "not_found", "no user " + follower + " or " + followee);
        }
        if (add) {
            feeds.followed(follower, followee);
        } else {
            feeds.unfollowed(follower, followee);
        }
        ok(exchange);
    }

    private void block(Exchange exchange) {
        JsonNode body = body(exchange);
        long blocker = id(body, "blocker_id");
        long blocked = id(body, "blocked_id");
        sameUser(blocker, blocked);
        if (!writes.block(blocker, blocked)) {
            throw new Bad(404, "not_found", "no user " + blocker + " or " + blocked);
        }
        feeds.blocked(blocker, blocked);
        ok(exchange);
    }

    private void mute(Exchange exchange, boolean add) {
        JsonNode body = body(exchange);
        long muter = id(body, "muter_id");
        long muted = id(body, "muted_id");
        sameUser(muter, muted);
        if (!writes.mute(muter, muted, add)) {
            throw new Bad(404, "not_found", "no user " + muter + " or " + muted);
        }
        if (add) {
            feeds.muted(muter, muted);
        } else {
            feeds.unmuted(muter, muted);
        }
        ok(exchange);
    }

    private static void ok(Exchange exchange) {
        exchange.send(200, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static void sameUser(long a, long b) {
        if (a == b) {
            throw new Bad(400, "invalid_body", "the two users must differ, both were " + a);
        }
    }

    private static JsonNode body(Exchange exchange) {
        byte[] bytes = exchange.body();
        if (bytes.length > MAX_BODY) {
            throw new Bad(400, "invalid_body", "body must be at most " + MAX_BODY + " bytes");
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new Bad(400, "invalid_body", "body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new Bad(400, "invalid_body", "body is not valid JSON");
        }
    }

    private static long id(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !(n.isTextual() || n.isIntegralNumber())) {
            throw new Bad(400, "invalid_id", field + " must be a non-negative integer id, as a string or number");
        }
        return parseId(field, n.asText());
    }

    private static long parseId(String what, String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id >= 0 && raw.equals(Long.toString(id))) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String shown = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
        throw new Bad(400, "invalid_id", what + " must be a non-negative integer, was " + shown);
    }
}
