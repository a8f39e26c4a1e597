package dev.feedkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class FakeTickerTest {

    @Test
    void it_stands_still_until_advanced_and_then_moves_by_exactly_that_much() {
        FakeTicker ticker = new FakeTicker();
        assertThat(ticker.read()).isZero();
        assertThat(ticker.read()).isZero();
        assertThat(ticker.advance(Duration.ofMillis(3)).advance(Duration.ofNanos(7)).read()).isEqualTo(3_000_007L);
        assertThat(ticker).hasToString("FakeTicker[PT0.003000007S]");
    }

    @Test
    void it_never_goes_back() {
        assertThatThrownBy(() -> new FakeTicker().advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration must not be negative, was PT-1S");
    }

    @Test
    void an_assembler_on_a_fake_ticker_loads_again_only_once_the_ticker_passes_the_entity_ttl() {
        DemoData data = FeedStoreContract.standardData();
        InMemoryFeedStore store = InMemoryFeedStore.of(data);
        AtomicInteger loads = new AtomicInteger();
        EntityStore counting = (keys, sink, deadline) -> {
            loads.incrementAndGet();
            store.load(keys, sink, deadline);
        };
        FakeTicker ticker = new FakeTicker();
        long viewer = data.sampleViewer();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(counting).prewarm(false)
                .entityTtl(Duration.ofMinutes(5)).relationshipTtl(Duration.ofMinutes(5)).ticker(ticker).build()) {
            feeds.assemble(FeedRequest.of(viewer));
            ticker.advance(Duration.ofMinutes(4)); // within 5 min - 10 % jitter
            feeds.assemble(FeedRequest.of(viewer));
            assertThat(loads).hasValue(1);
            ticker.advance(Duration.ofMinutes(2)); // past 5 min + 10 % jitter
            feeds.assemble(FeedRequest.of(viewer));
            assertThat(loads).hasValue(2);
        }
    }
}
