package dev.feedkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.InMemoryFeedStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's Micrometer example, kept compiling and running. */
final class ReadmeExamplesTest {
    private static final byte[] CURSOR_KEY = "feed-micrometer-readme-cursor-k!".getBytes(StandardCharsets.UTF_8);

    @Test
    void the_micrometer_example_registers_the_meters_and_times_pages() {
        DemoData data = DemoData.newBuilder().users(200).posts(3_000).meanFollows(20).seed(11).build();
        MeterRegistry registry = new SimpleMeterRegistry();
        try (FeedAssembler feeds = withMetrics(InMemoryFeedStore.of(data), registry)) {
            feeds.assemble(FeedRequest.of(data.sampleViewer()));
            assertThat(registry.get("feedkit.page").tag("stage", "store").timer().count()).isEqualTo(1);
            assertThat(registry.get("cache.gets").tag("cache", "feedkit.l1").tag("result", "miss").functionCounter()
                    .count()).isPositive();
        }
    }

    static FeedAssembler withMetrics(InMemoryFeedStore store, MeterRegistry registry) {
        // README: "Micrometer" — begin
        FeedkitMetrics metrics = FeedkitMetrics.create(registry);      // a FeedListener on your MeterRegistry
        FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store)
                .listener(metrics)                                     // stage timers, pre-warmed pages used or wasted
                .cursorKey(CURSOR_KEY).build();
        metrics.monitor(feeds);                                        // L1 (cache.*), pre-warm pool, breaker, fan-out
        // README: "Micrometer" — end
        return feeds;
    }
}
