package dev.feedkit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP/1.1 client for the demo server's tests, parsing bodies with jackson-databind. */
final class TestHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    TestHttp(URI base) {
        this.base = base;
    }

    Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery);
    }

    Reply send(String method, String pathAndQuery) {
        try {
            return new Reply(client.send(request(method, pathAndQuery), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code body} (JSON text) with {@code method}. */
    Reply send(String method, String pathAndQuery, String body) {
        HttpRequest r = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            return new Reply(client.send(r, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<Reply> getAsync(String pathAndQuery) {
        return client.sendAsync(request("GET", pathAndQuery), HttpResponse.BodyHandlers.ofString()).thenApply(Reply::new);
    }

    private HttpRequest request(String method, String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
    }

    /** A response: status, headers, the body as text and, lazily, as JSON. */
    static final class Reply {
        final HttpResponse<String> response;

        Reply(HttpResponse<String> response) {
            this.response = response;
        }

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AssertionError("not valid JSON: " + response.body(), e);
            }
        }

        @Override
        public String toString() {
            return response.statusCode() + " " + response.body();
        }
    }
}
