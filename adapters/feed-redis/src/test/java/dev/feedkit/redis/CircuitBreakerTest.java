package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.testkit.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class CircuitBreakerTest {
    private static final Duration COOL_DOWN = Duration.ofMillis(50);
    private final FakeTicker ticker = new FakeTicker();
    private final CircuitBreaker breaker = new CircuitBreaker(3, COOL_DOWN.toNanos(), ticker);

    @Test
    void opens_after_the_threshold_of_consecutive_failures() {
        breaker.failure();
        breaker.failure();
        assertThat(breaker.allow()).isTrue();
        breaker.failure();

        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.allow()).isFalse();
        assertThat(breaker.timesOpened()).isEqualTo(1);
    }

    @Test
    void a_success_resets_the_count_of_consecutive_failures() {
        breaker.failure();
        breaker.failure();
        breaker.success();
        breaker.failure();
        breaker.failure();

        assertThat(breaker.isOpen()).isFalse();
    }

    @Test
    void calls_are_skipped_until_the_cool_down_has_passed_on_the_ticker() {
        openIt();
        ticker.advance(COOL_DOWN.minusNanos(1));

        assertThat(breaker.allow()).as("1 ns before the end of the cool-down").isFalse();
        ticker.advance(Duration.ofNanos(1));
        assertThat(breaker.allow()).as("the probe, once the cool-down is over").isTrue();
    }

    @Test
    void after_the_cool_down_exactly_one_probe_goes_through_and_its_success_closes() {
        openIt();
        ticker.advance(COOL_DOWN);

        assertThat(breaker.allow()).as("the probe").isTrue();
        assertThat(breaker.allow()).as("a second caller while the probe runs").isFalse();
        breaker.success();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.allow()).isTrue();
    }

    @Test
    void a_failed_probe_opens_the_breaker_for_another_cool_down() {
        openIt();
        ticker.advance(COOL_DOWN);
        assertThat(breaker.allow()).as("the probe").isTrue();

        breaker.failure();

        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.allow()).isFalse();
        assertThat(breaker.timesOpened()).isEqualTo(1);
        ticker.advance(COOL_DOWN.minusNanos(1));
        assertThat(breaker.allow()).as("within the second cool-down").isFalse();
        ticker.advance(Duration.ofNanos(1));
        assertThat(breaker.allow()).as("the next probe").isTrue();
    }

    private void openIt() {
        for (int i = 0; i < 3; i++) {
            breaker.failure();
        }
        assertThat(breaker.allow()).isFalse();
    }
}
