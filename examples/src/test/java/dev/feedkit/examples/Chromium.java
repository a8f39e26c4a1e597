package dev.feedkit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/*
 * A headless Chromium driven over the DevTools protocol, on one WebSocket from the JDK's own
 * client: navigate, evaluate, capture a screenshot, and record the events that tell that a page
 * misbehaved (a JavaScript dialog, an uncaught exception, a console error). That is all the page
 * test needs, so it needs no WebDriver: Selenium 4.52 would bring some thirty jars (among them the
 * OpenTelemetry SDK, Guava and Byte Buddy) into a module whose dependencies must converge.
 *
 * Chromium runs with a fresh profile in a temporary directory, with every background service off
 * (the machine may have no network), and prints its DevTools address on stderr; stderr is then
 * drained on a daemon thread so that the browser never blocks on a full pipe, and its last lines
 * are kept for error messages. Every command waits at most COMMAND_TIMEOUT: a deadline, so that a
 * hung browser fails the test instead of hanging the build.
 */

/** A headless Chromium for tests, driven over the DevTools protocol. */
final class Chromium implements AutoCloseable {
    /** The browser, {@code /usr/bin/chromium} (Debian's package) unless {@code -Dfeedkit.chromium=PATH}. */
    static final Path BINARY = Path.of(System.getProperty("feedkit.chromium", "/usr/bin/chromium"));
    private static final long COMMAND_TIMEOUT_SECONDS = 60;
    private static final String LISTENING = "DevTools listening on ";

    private final Process process;
    private final Path profile;
    private final Deque<String> stderrTail;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket socket;
    private String session;

    private record Waiter(String method, CompletableFuture<JsonNode> event) {
    }

    private Chromium(Process process, Path profile, Deque<String> stderrTail) {
        this.process = process;
        this.profile = profile;
        this.stderrTail = stderrTail;
    }

    /**
     * Starts Chromium with a window of {@code width} x {@code height} CSS pixels and opens one blank page.
     *
     * @throws IllegalStateException if it does not start or does not answer
     */
    static Chromium launch(int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("feedkit-chromium-");
        List<String> command = List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
                "--mute-audio", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Chromium browser = new Chromium(process, profile, new ArrayDeque<>());
        try {
            browser.connect(browser.devToolsAddress());
            browser.openPage(width, height);
            return browser;
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    /** Reads stderr until Chromium prints its DevTools address, then drains the rest on a daemon thread. */
    private URI devToolsAddress() {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> address = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try {
                for (String line; (line = err.readLine()) != null; ) {
                    remember(line);
                    if (line.startsWith(LISTENING)) {
                        address.complete(URI.create(line.substring(LISTENING.length()).trim()));
                    }
                }
                address.completeExceptionally(new IllegalStateException("chromium exited before it listened"));
            } catch (IOException e) {
                address.completeExceptionally(e);
            }
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return await(address, "chromium's DevTools address");
    }

    private void remember(String line) {
        synchronized (stderrTail) {
            stderrTail.addLast(line);
            if (stderrTail.size() > 20) {
                stderrTail.removeFirst();
            }
        }
    }

    private void connect(URI address) {
        CompletableFuture<WebSocket> open = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(address, new Listener());
        socket = await(open, "the DevTools WebSocket");
    }

    /** Opens a page target and attaches to it in flat mode: its commands then carry its session id. */
    private void openPage(int width, int height) {
        String target = call(null, "Target.createTarget", json().put("url", "about:blank")).get("targetId").asText();
        session = call(null, "Target.attachToTarget", json().put("targetId", target).put("flatten", true))
                .get("sessionId").asText();
        for (String domain : List.of("Page", "Runtime", "Log")) {
            call(domain + ".enable", json());
        }
        call("Emulation.setDeviceMetricsOverride", json().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false));
    }

    // ---------------------------------------------------------------- commands

    /** @return a new, empty parameter object */
    static ObjectNode json() {
        return TestHttp.JSON.createObjectNode();
    }

    /** Sends a command to the page and returns its result. */
    JsonNode call(String method, ObjectNode params) {
        return call(session, method, params);
    }

    private JsonNode call(String sessionId, String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode message = json().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        send(message);
        JsonNode answer = await(reply, method);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    private synchronized void send(ObjectNode message) {
        socket.sendText(message.toString(), true).join();
    }

    /** Runs {@code script} in the page script as an expression, awaits it if it is a promise, and returns its value. */
    JsonNode evaluate(String script) {
        JsonNode result = call("Runtime.evaluate", json().put("expression", script).put("awaitPromise", true)
                .put("returnByValue", true));
        if (result.has("exceptionDetails")) {
            JsonNode details = result.get("exceptionDetails");
            throw new IllegalStateException("script failed: " + details.path("exception").path("description")
                    .asText(details.path("text").asText()));
        }
        return result.path("result").path("value");
    }

    /** Runs {@code script} in every document the page loads from now on, before the document's own scripts. */
    void beforeEachDocument(String script) {
        call("Page.addScriptToEvaluateOnNewDocument", json().put("source", script));
    }

    /** Navigates to {@code uri} and returns once its load event has fired. */
    void navigate(URI uri) {
        CompletableFuture<JsonNode> loaded = next("Page.loadEventFired");
        JsonNode result = call("Page.navigate", json().put("url", uri.toString()));
        if (result.has("errorText")) {
            throw new IllegalStateException("cannot open " + uri + ": " + result.get("errorText").asText());
        }
        await(loaded, "the load event of " + uri);
    }

    /** @return a PNG of the viewport */
    byte[] screenshot() {
        String png = call("Page.captureScreenshot", json().put("format", "png")).get("data").asText();
        return Base64.getDecoder().decode(png);
    }

    /** @return the events of {@code method} received so far, oldest first */
    List<JsonNode> events(String method) {
        return events.stream().filter(e -> method.equals(e.path("method").asText())).toList();
    }

    /** Forgets the events received so far. */
    void clearEvents() {
        events.clear();
    }

    private CompletableFuture<JsonNode> next(String method) {
        CompletableFuture<JsonNode> event = new CompletableFuture<>();
        waiters.add(new Waiter(method, event));
        return event;
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no answer for " + what + " within " + COMMAND_TIMEOUT_SECONDS
                    + " s; chromium's last output: " + tail(), e);
        }
    }

    private String tail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    // ---------------------------------------------------------------- messages

    private void receive(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        events.add(message);
        String method = message.path("method").asText();
        for (Waiter w : waiters) {
            if (w.method().equals(method) && waiters.remove(w)) {
                w.event().complete(message);
            }
        }
        if (method.equals("Page.javascriptDialogOpening")) {
            // A dialog blocks the page until answered: dismiss it (it is recorded above), without
            // waiting for the reply on this, the receiving, thread.
            ObjectNode dismiss = json().put("id", ids.incrementAndGet()).put("method", "Page.handleJavaScriptDialog")
                    .put("sessionId", message.path("sessionId").asText());
            dismiss.set("params", json().put("accept", false));
            send(dismiss);
        }
    }

    /** Joins the text frames of each message and hands it to {@link #receive}. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    receive(TestHttp.JSON.readTree(text.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException("chromium sent a message that is not JSON", e);
                } finally {
                    text.setLength(0);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Closes the browser, ends its processes and deletes its profile. */
    @Override
    public void close() {
        if (socket != null) {
            try {
                int id = ids.incrementAndGet();
                pending.put(id, new CompletableFuture<>());
                send(json().put("id", id).put("method", "Browser.close"));
            } catch (RuntimeException e) {
                // the process is ended below either way
            }
            socket.abort();
        }
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        deleteTree(profile);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a test for
        }
    }
}
