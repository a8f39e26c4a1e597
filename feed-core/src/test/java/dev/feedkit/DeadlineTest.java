package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class DeadlineTest {
    private final FakeTicker ticker = new FakeTicker();

    @Test
    void a_deadline_passes_when_its_ticker_reaches_it_and_not_a_nanosecond_before() {
        Deadline d = Deadline.after(Duration.ofMillis(300), ticker);
        assertThat(d.remainingNanos()).isEqualTo(300_000_000L);
        ticker.advanceNanos(300_000_000L - 1);
        assertThat(d.isExpired()).isFalse();
        assertThat(d.remainingNanos()).isEqualTo(1);
        ticker.advanceNanos(1);
        assertThat(d.isExpired()).isTrue();
        assertThat(d.remainingNanos()).isZero();
    }

    @Test
    void remaining_millis_round_up_while_time_is_left_and_are_zero_once_passed_or_unbounded() {
        Deadline d = Deadline.after(Duration.ofMillis(2), ticker);
        assertThat(d.remainingMillisOrZero()).isEqualTo(2);
        ticker.advanceNanos(1_999_999);
        assertThat(d.remainingMillisOrZero()).as("1 ns left").isEqualTo(1);
        ticker.advanceNanos(1);
        assertThat(d.remainingMillisOrZero()).isZero();
        assertThat(Deadline.none().remainingMillisOrZero()).isZero();
        assertThat(Deadline.none().isExpired()).isFalse();
    }

    @Test
    void min_picks_the_earlier_deadline_on_one_ticker_and_the_one_with_less_left_across_tickers() {
        Deadline soon = Deadline.after(Duration.ofMillis(10), ticker);
        Deadline later = Deadline.after(Duration.ofMillis(20), ticker);
        assertThat(soon.min(later)).isSameAs(soon);
        assertThat(later.min(soon)).isSameAs(soon);
        assertThat(later.min(Deadline.none())).isSameAs(later);
        assertThat(Deadline.none().min(later)).isSameAs(later);
        FakeTicker other = new FakeTicker().advance(Duration.ofHours(5));
        Deadline elsewhere = Deadline.after(Duration.ofMillis(15), other);
        assertThat(later.min(elsewhere)).isSameAs(elsewhere);
        assertThat(elsewhere.min(soon)).isSameAs(soon);
    }

    @Test
    void a_deadline_counts_across_the_wrap_around_of_its_ticker() {
        ticker.advanceNanos(Long.MAX_VALUE - 10); // System.nanoTime may start anywhere, negative included
        Deadline d = Deadline.after(Duration.ofNanos(100), ticker);
        assertThat(d.isUnbounded()).isFalse();
        ticker.advanceNanos(99);
        assertThat(d.remainingNanos()).isEqualTo(1);
        ticker.advanceNanos(1);
        assertThat(d.isExpired()).isTrue();
    }

    @Test
    void a_timeout_too_long_to_count_in_nanoseconds_is_unbounded() {
        assertThat(Deadline.after(Duration.ofDays(365 * 400), ticker).isUnbounded()).isTrue();
    }

    @Test
    void a_timeout_must_be_positive() {
        assertThatThrownBy(() -> Deadline.after(Duration.ZERO, ticker)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be positive, was PT0S");
    }
}
