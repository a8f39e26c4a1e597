package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class StoreBreakerTest {
    private static final FeedUnavailableException DOWN = new FeedUnavailableException("database is down", null);

    private final TestFeed feed = TestFeed.random(51, 12, 6);
    private final FakeTicker ticker = new FakeTicker();

    private FeedAssembler assembler() {
        return FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).ticker(ticker)
                .staleCandidates(Duration.ZERO, 1 << 20).storeCircuitBreaker(3, Duration.ofSeconds(2)).build();
    }

    @Test
    void after_consecutive_failures_calls_fail_fast_until_a_probe_succeeds() {
        try (FeedAssembler feeds = assembler()) {
            feed.failSource = DOWN;
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(1))).isSameAs(DOWN);
            }
            assertThat(feeds.health().storeAvailable()).isFalse();
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(1)))
                    .isInstanceOf(FeedUnavailableException.class).hasCause(DOWN)
                    .hasMessage("feed candidates: the feed store is unavailable (its circuit breaker opened after 3 "
                            + "consecutive failures; see FeedAssembler.Builder.storeCircuitBreaker)");
            assertThat(feed.sourceCalls.get()).as("the open breaker asks nobody").isEqualTo(3);

            ticker.advance(Duration.ofSeconds(2));
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(1))).isSameAs(DOWN); // the probe fails
            assertThat(feed.sourceCalls.get()).isEqualTo(4);
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(1))).hasCause(DOWN);

            feed.failSource = null;
            ticker.advance(Duration.ofSeconds(2));
            assertThat(feeds.assemble(FeedRequest.of(1)).items()).isNotEmpty(); // the probe succeeds
            assertThat(feeds.health()).isEqualTo(new FeedAssembler.Health(true, 1, 2, 0));
        }
    }

    @Test
    void while_open_a_stale_page_that_needs_the_store_fails_fast() {
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).ticker(ticker)
                .storeCircuitBreaker(3, Duration.ofSeconds(2)).build()) {
            FeedPage page = feeds.assemble(FeedRequest.of(1));
            feeds.invalidatePost(page.items().get(0).post().id());
            feed.failSource = DOWN;
            feed.failLoads = DOWN;
            for (long viewer = 2; viewer <= 4; viewer++) {
                long v = viewer;
                assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(v))).isSameAs(DOWN);
            }
            int loads = feed.storeCalls.get();
            int sources = feed.sourceCalls.get();

            assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(1))).hasCause(DOWN)
                    .hasMessageStartingWith("entity load: the feed store is unavailable");
            assertThat(feed.storeCalls.get()).isEqualTo(loads);
            assertThat(feed.sourceCalls.get()).isEqualTo(sources);
        }
    }

    @Test
    void failures_of_calls_that_began_past_their_deadline_do_not_count() {
        AtomicLong clock = new AtomicLong();
        Ticker leaping = () -> clock.addAndGet(Duration.ofSeconds(2).toNanos()); // every reading passes a 1 s deadline
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).ticker(leaping)
                .storeCircuitBreaker(3, Duration.ofSeconds(2)).build()) {
            feed.failSource = DOWN;
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(1))).isSameAs(DOWN);
            }
            assertThat(feeds.health().storeAvailable()).isTrue();
            assertThat(feed.sourceCalls.get()).isEqualTo(5);
        }
    }

    @Test
    void the_setting_names_its_bounds() {
        assertThatThrownBy(() -> FeedAssembler.newBuilder().storeCircuitBreaker(0, Duration.ofSeconds(1)))
                .hasMessage("storeCircuitBreaker failures must be between 1 and 1000, was 0");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().storeCircuitBreaker(5, Duration.ofMillis(1)))
                .hasMessage("storeCircuitBreaker coolDown must be between 10 ms and 10 minutes, was PT0.001S");
    }
}
