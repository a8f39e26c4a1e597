package dev.feedkit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A point in time by which a request must be answered, on a monotonic {@link Ticker}: the
 * assembler's (see {@code FeedAssembler.Builder.ticker}), or {@link Ticker#systemTicker()} for
 * {@link #after(Duration)}. SPI implementations use it to bound their own waits (for example a JDBC
 * statement timeout). Immutable and thread-safe.
 *
 * <p>Whether it has passed is read from its ticker, so under a fake ticker a deadline passes
 * exactly when the test advances it. A wait that an implementation bounds with
 * {@link #remainingNanos()} (a statement timeout, {@code Future.get}) still runs on the real clock,
 * for as long as the ticker says is left.
 */
public final class Deadline {
    private static final Deadline NONE = new Deadline(Long.MAX_VALUE, Ticker.systemTicker());

    private final long deadlineNanos;
    private final Ticker ticker;

    private Deadline(long deadlineNanos, Ticker ticker) {
        this.deadlineNanos = deadlineNanos;
        this.ticker = ticker;
    }

    /**
     * Returns a deadline that never passes.
     *
     * @return the shared unbounded deadline
     */
    public static Deadline none() {
        return NONE;
    }

    /**
     * Returns a deadline {@code timeout} from now on the system ticker ({@link System#nanoTime()}).
     *
     * @param timeout how long from now; must be positive
     * @return the deadline
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public static Deadline after(Duration timeout) {
        return after(timeout, Ticker.systemTicker());
    }

    /**
     * Returns a deadline {@code timeout} from now on {@code ticker}, which it reads whenever asked
     * for the time left. A timeout too long to count in nanoseconds (about 292 years) gives an
     * unbounded deadline.
     *
     * @param timeout how long from now; must be positive
     * @param ticker the clock that says when the deadline passes, such as a fake one in tests
     * @return the deadline
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public static Deadline after(Duration timeout, Ticker ticker) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(ticker, "ticker");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        long nanos = saturatedNanos(timeout);
        // Compared as differences from the ticker's reading, so a sum past Long.MAX_VALUE still works.
        return nanos == Long.MAX_VALUE ? NONE : new Deadline(ticker.read() + nanos, ticker);
    }

    /**
     * Returns whether this deadline never passes.
     *
     * @return {@code true} for {@link #none()}
     */
    public boolean isUnbounded() {
        return this == NONE;
    }

    /**
     * Returns the nanoseconds left, zero or negative once passed, {@link Long#MAX_VALUE} if unbounded.
     *
     * @return the time left in nanoseconds
     */
    public long remainingNanos() {
        return isUnbounded() ? Long.MAX_VALUE : deadlineNanos - ticker.read();
    }

    /**
     * Returns whether the deadline has passed.
     *
     * @return {@code true} once no time is left
     */
    public boolean isExpired() {
        return remainingNanos() <= 0;
    }

    /**
     * Returns the whole milliseconds left, at least 1 while any time is left, for APIs that take
     * milliseconds; 0 if unbounded (the JDBC convention for "no timeout") or passed.
     *
     * @return milliseconds left, rounded up
     */
    public long remainingMillisOrZero() {
        if (isUnbounded()) {
            return 0;
        }
        long nanos = remainingNanos();
        return nanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    /**
     * Returns the earlier of this deadline and {@code other}. Deadlines on different tickers are
     * compared by the time each has left.
     *
     * @param other another deadline
     * @return whichever passes first
     */
    public Deadline min(Deadline other) {
        if (isUnbounded()) {
            return other;
        }
        if (other.isUnbounded()) {
            return this;
        }
        if (other.ticker != ticker) {
            return other.remainingNanos() < remainingNanos() ? other : this;
        }
        return other.deadlineNanos - deadlineNanos < 0 ? other : this;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return isUnbounded() ? "Deadline[none]" : "Deadline[" + remainingNanos() / 1_000_000 + " ms left]";
    }
}
