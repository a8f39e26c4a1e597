package dev.feedkit.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/*
 * The demo's feed page: GET / answers a small HTML page, GET /static/feed.js and /static/feed.css
 * its script and style sheet. There is no build step: the three files sit in the jar as they are
 * written, are read once at startup and are answered from memory on the Jetty thread.
 *
 * Hostile text meets two walls. The script builds every element with createElement and sets data
 * with textContent only, so no post, name or tag ever reaches the HTML parser. And each answer
 * carries a strict Content-Security-Policy: scripts only from this origin (hence a separate file:
 * no inline script, no inline handler, no eval), styles only from this origin, fetches only to
 * it, no plugins, no <base>, no framing. A string that did reach the parser still could not run.
 *
 * GET / without ?viewer= redirects to the sample viewer's page, so that the address bin/demo
 * prints opens on a full feed.
 */

/** Serves the feed page and its two static files. */
final class PageRoutes implements Route {
    static final String PAGE = "/";
    static final String STATIC = "/static";
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final String RESOURCES = "page/";

    private final long sampleViewer;
    private final Map<String, Asset> assets;

    /** A static file: its type and bytes. */
    private record Asset(String contentType, byte[] bytes) {
    }

    /**
     * Reads the page's files from the classpath.
     *
     * @param sampleViewer the viewer that {@code GET /} without {@code ?viewer=} redirects to
     * @throws UncheckedIOException if a file is missing from the jar
     */
    PageRoutes(long sampleViewer) {
        this.sampleViewer = sampleViewer;
        this.assets = Map.of(
                PAGE, asset("index.html", "text/html; charset=utf-8"),
                STATIC + "/feed.js", asset("feed.js", "text/javascript; charset=utf-8"),
                STATIC + "/feed.css", asset("feed.css", "text/css; charset=utf-8"));
    }

    @Override
    public void serve(Exchange exchange) {
        if (!exchange.method().equals("GET")) {
            exchange.header("Allow", "GET");
            exchange.send(HttpError.methodNotAllowed(exchange.method()));
            return;
        }
        String path = exchange.rawPath();
        if (path.equals(PAGE) && !hasViewer(exchange.rawQuery())) {
            redirect(exchange);
            return;
        }
        Asset asset = assets.get(path);
        if (asset == null) {
            exchange.send(HttpError.notFound(path));
            return;
        }
        exchange.header("Content-Security-Policy", POLICY);
        exchange.header("X-Content-Type-Options", "nosniff");
        exchange.header("Referrer-Policy", "no-referrer");
        exchange.header("Cache-Control", "no-cache");
        exchange.send(200, asset.contentType(), ByteBuffer.wrap(asset.bytes()));
    }

    /** Never blocks: the files are in memory. */
    @Override
    public boolean blocking() {
        return false;
    }

    private void redirect(Exchange exchange) {
        String query = exchange.rawQuery();
        String location = PAGE + "?viewer=" + sampleViewer + (query == null || query.isEmpty() ? "" : "&" + query);
        exchange.header("Location", location);
        exchange.send(302, "text/plain; charset=utf-8", ByteBuffer.wrap(location.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean hasViewer(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.equals("viewer") || pair.startsWith("viewer=")) {
                return true;
            }
        }
        return false;
    }

    private static Asset asset(String name, String contentType) {
        try (InputStream in = PageRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("the demo jar lacks " + RESOURCES + name));
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCES + name + " from the demo jar", e);
        }
    }
}
