package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class CircuitBreakerTest {
    private final CircuitBreaker breaker = new CircuitBreaker(3, TimeUnit.MILLISECONDS.toNanos(50));

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
    void after_the_cool_down_exactly_one_probe_goes_through_and_its_success_closes() {
        openIt();
        RedisCacheTierTest.awaitTrue(this::probeAllowed, Duration.ofSeconds(5));

        assertThat(breaker.allow()).as("a second caller while the probe runs").isFalse();
        breaker.success();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.allow()).isTrue();
    }

    @Test
    void a_failed_probe_opens_the_breaker_for_another_cool_down() {
        openIt();
        RedisCacheTierTest.awaitTrue(this::probeAllowed, Duration.ofSeconds(5));

        breaker.failure();

        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.allow()).isFalse();
        assertThat(breaker.timesOpened()).isEqualTo(1);
    }

    private boolean probeAllowed() {
        return breaker.allow();
    }

    private void openIt() {
        for (int i = 0; i < 3; i++) {
            breaker.failure();
        }
        assertThat(breaker.allow()).isFalse();
    }
}
