package dev.feedkit.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.InMemoryFeedStore;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's OpenTelemetry example, kept compiling and running. */
final class ReadmeExamplesTest {
    private static final byte[] CURSOR_KEY = "feed-otel-readme-cursor-key-32b!".getBytes(StandardCharsets.UTF_8);

    @Test
    void the_opentelemetry_example_traces_a_page() {
        DemoData data = DemoData.newBuilder().users(200).posts(3_000).meanFollows(20).seed(12).build();
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build()) {
            FeedPage page = traced(InMemoryFeedStore.of(data), otel, data.sampleViewer());
            assertThat(page.items()).isNotEmpty();
            assertThat(exporter.getFinishedSpanItems()).extracting(s -> s.getName())
                    .contains("feedkit.page", "feedkit.source", "feedkit.l1", "SELECT", "feedkit.filter");
        }
    }

    static FeedPage traced(InMemoryFeedStore store, OpenTelemetry openTelemetry, long viewerId) {
        // README: "OpenTelemetry" — begin
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store)
                .tracer(FeedTracing.create(openTelemetry))             // GlobalOpenTelemetry.get(), or your SDK
                .cursorKey(CURSOR_KEY).build()) {
            return feeds.assemble(FeedRequest.of(viewerId));           // a feedkit.page span, a child span per stage
        }
        // README: "OpenTelemetry" — end
    }
}
