package dev.feedkit.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.Deadline;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedListener;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedStats;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.Post;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.InMemoryFeedStore;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans of real page loads on the in-memory store, read from the SDK's in-memory exporter. */
final class FeedTracingTest {
    private static final byte[] CURSOR_KEY = "feed-otel-test-cursor-key-32-by!".getBytes(StandardCharsets.UTF_8);

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();

    @AfterEach
    void closeSdk() {
        otel.close();
    }

    @Test
    void a_page_has_one_span_with_a_child_span_per_stage_and_the_store_span_follows_the_db_conventions() {
        DemoData data = DemoData.newBuilder().users(300).posts(6_000).meanFollows(30).seed(5).build();
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).prewarm(false)
                .timelines(false).tracer(FeedTracing.create(otel)).cursorKey(CURSOR_KEY).build()) {
            FeedPage page = feeds.assemble(FeedRequest.newBuilder(data.sampleViewer()).limit(20).seed(1).build());

            List<SpanData> spans = exporter.getFinishedSpanItems();
            SpanData root = only(spans, "feedkit.page");
            assertThat(root.getParentSpanContext().isValid()).isFalse();
            assertThat(root.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("feedkit.items")))
                    .isEqualTo(page.items().size());
            assertThat(childrenOf(root, spans)).containsExactly("feedkit.source", "feedkit.l1", "SELECT",
                    "feedkit.filter");

            SpanData storeSpan = only(spans, "SELECT");
            assertThat(storeSpan.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(storeSpan.getAttributes().get(FeedTracing.DB_SYSTEM)).isEqualTo("postgresql");
            assertThat(storeSpan.getAttributes().get(FeedTracing.DB_OPERATION)).isEqualTo("SELECT");
            long keys = storeSpan.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("feedkit.keys"));
            assertThat(keys).isGreaterThan(20);
            assertThat(storeSpan.getAttributes().get(FeedTracing.DB_BATCH_SIZE)).isEqualTo(keys);
            assertThat(spans).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(root.getTraceId()));
        }
    }

    @Test
    void a_prewarm_job_is_its_own_trace_linked_to_the_page_that_asked_for_it() throws Exception {
        DemoData data = DemoData.newBuilder().users(300).posts(6_000).meanFollows(30).seed(6).build();
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        Semaphore prewarmed = new Semaphore(0);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).timelines(false)
                .tracer(FeedTracing.create(otel)).listener(onPrewarmed(prewarmed)).cursorKey(CURSOR_KEY).build()) {
            feeds.assemble(FeedRequest.newBuilder(data.sampleViewer()).limit(20).seed(1).build());
            assertThat(prewarmed.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            // The listener hears of the job from inside it; its span ends just after.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (exporter.getFinishedSpanItems().stream().noneMatch(s -> s.getName().equals("feedkit.prewarm"))
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }

            List<SpanData> spans = exporter.getFinishedSpanItems();
            SpanData page = only(spans, "feedkit.page");
            SpanData prewarm = only(spans, "feedkit.prewarm");
            assertThat(prewarm.getTraceId()).isNotEqualTo(page.getTraceId());
            assertThat(prewarm.getParentSpanContext().isValid()).isFalse();
            assertThat(prewarm.getLinks()).hasSize(1);
            assertThat(prewarm.getLinks().get(0).getSpanContext().getSpanId()).isEqualTo(page.getSpanId());
            assertThat(childrenOf(prewarm, spans)).contains("feedkit.source", "feedkit.l1");
        }
    }

    @Test
    void the_context_propagates_into_the_load_pool() throws Exception {
        // Viewers 1 and 2 follow author 3: their pages share posts and the author, and each has its
        // own relationship key. Viewer 2's page waits for viewer 1's load of the shared keys and
        // loads its own key on the load pool.
        InMemoryFeedStore memory = InMemoryFeedStore.create();
        for (long id = 1; id <= 3; id++) {
            memory.addUser(new DemoData.User(id, "u" + id, "User " + id, null, false, Instant.parse("2026-01-01T00:00:00Z")));
        }
        memory.follow(1, 3);
        memory.follow(2, 3);
        for (long p = 1; p <= 5; p++) {
            memory.addPost(new Post(100 + p, 3, "post " + p, Instant.parse("2026-02-01T00:00:00Z").plusSeconds(p), null,
                    0, 0, List.of(), List.of()));
        }
        GatedStore store = new GatedStore(memory);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(memory).store(store).prewarm(false)
                .timelines(false).timeout(java.time.Duration.ofSeconds(10)).tracer(FeedTracing.create(otel))
                .cursorKey(CURSOR_KEY).build()) {
            CompletableFuture<FeedPage> first = CompletableFuture.supplyAsync(
                    () -> feeds.assemble(FeedRequest.newBuilder(1).limit(5).build()));
            assertThat(store.firstEntered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<FeedPage> second = CompletableFuture.supplyAsync(
                    () -> feeds.assemble(FeedRequest.newBuilder(2).limit(5).build()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.calls.get() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            store.gate.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).items()).hasSize(5);
            assertThat(second.get(10, TimeUnit.SECONDS).items()).hasSize(5);

            List<SpanData> spans = exporter.getFinishedSpanItems();
            SpanData secondPage = spans.stream().filter(s -> s.getName().equals("feedkit.page"))
                    .filter(s -> Long.valueOf(2).equals(s.getAttributes().get(
                            io.opentelemetry.api.common.AttributeKey.longKey("feedkit.viewer.id"))))
                    .findFirst().orElseThrow();
            SpanData secondStore = spans.stream().filter(s -> s.getName().equals("SELECT"))
                    .filter(s -> s.getParentSpanId().equals(secondPage.getSpanId())).findFirst().orElseThrow();
            assertThat(secondStore.getAttributes().get(
                    io.opentelemetry.api.common.AttributeKey.longKey("feedkit.coalesced"))).isPositive();
            SpanContext seen = store.contexts.entrySet().stream().filter(e -> e.getKey().startsWith("feedkit-load"))
                    .map(Map.Entry::getValue).findFirst().orElseThrow();
            assertThat(seen.getSpanId()).as("the store call on the load pool runs under the page's store span")
                    .isEqualTo(secondStore.getSpanId());
        }
    }

    @Test
    void a_failed_page_ends_its_spans_with_an_error_status() {
        DemoData data = DemoData.newBuilder().users(100).posts(1_000).meanFollows(20).seed(7).build();
        InMemoryFeedStore memory = InMemoryFeedStore.of(data);
        EntityStore down = (keys, into, deadline) -> {
            throw new FeedUnavailableException("database down", null);
        };
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(memory).store(down).prewarm(false)
                .timelines(false).tracer(FeedTracing.create(otel)).cursorKey(CURSOR_KEY).build()) {
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(data.sampleViewer())))
                    .isInstanceOf(FeedUnavailableException.class);
            List<SpanData> spans = exporter.getFinishedSpanItems();
            for (String name : List.of("feedkit.page", "SELECT")) {
                SpanData s = only(spans, name);
                assertThat(s.getStatus().getStatusCode()).as(name).isEqualTo(StatusCode.ERROR);
                assertThat(s.getAttributes().get(FeedTracing.ERROR_TYPE))
                        .isEqualTo(FeedUnavailableException.class.getName());
            }
            assertThat(Span.current().getSpanContext().isValid()).as("no scope leaked").isFalse();
        }
    }

    @Test
    void a_sampled_out_page_records_nothing_and_leaves_no_context_behind() {
        InMemorySpanExporter sampledOut = InMemorySpanExporter.create();
        DemoData data = DemoData.newBuilder().users(100).posts(1_000).meanFollows(20).seed(8).build();
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        try (OpenTelemetrySdk off = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .setSampler(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOff())
                .addSpanProcessor(SimpleSpanProcessor.create(sampledOut)).build()).build();
                FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).prewarm(false)
                        .timelines(false).tracer(FeedTracing.create(off)).cursorKey(CURSOR_KEY).build();
                FeedAssembler noop = FeedAssembler.newBuilder().source(store).store(store).prewarm(false)
                        .timelines(false).tracer(FeedTracing.create(io.opentelemetry.api.OpenTelemetry.noop()))
                        .cursorKey(CURSOR_KEY).build()) {
            assertThat(feeds.assemble(FeedRequest.of(data.sampleViewer())).items()).isNotEmpty();
            assertThat(noop.assemble(FeedRequest.of(data.sampleViewer())).items()).isNotEmpty();
            assertThat(sampledOut.getFinishedSpanItems()).isEmpty();
            assertThat(Span.current().getSpanContext().isValid()).isFalse();
        }
    }

    static SpanData only(List<SpanData> spans, String name) {
        List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
        assertThat(named).as(name).hasSize(1);
        return named.get(0);
    }

    /** Names of the children of {@code parent}, in the order they started. */
    static List<String> childrenOf(SpanData parent, List<SpanData> spans) {
        return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).map(SpanData::getName)
                .collect(Collectors.toList());
    }

    private static FeedListener onPrewarmed(Semaphore prewarmed) {
        return new FeedListener() {
            @Override
            public void onPage(FeedStats stats) {
            }

            @Override
            public void onPrewarmed(int keysLoaded) {
                prewarmed.release();
            }
        };
    }

    /** Holds the first load until released; records each load's thread and current span. */
    private static final class GatedStore implements EntityStore {
        final EntityStore delegate;
        final CountDownLatch firstEntered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        final Map<String, SpanContext> contexts = new ConcurrentHashMap<>();

        GatedStore(EntityStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void load(EntityKeys keys, Entities into, Deadline deadline) {
            contexts.put(Thread.currentThread().getName(), Span.current().getSpanContext());
            if (calls.incrementAndGet() == 1) {
                firstEntered.countDown();
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            delegate.load(keys, into, deadline);
        }
    }
}
