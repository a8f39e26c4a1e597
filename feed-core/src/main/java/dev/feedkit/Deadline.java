package dev.feedkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A point in time by which a request must be answered, on the monotonic {@link System#nanoTime()}
 * clock. SPI implementations use it to bound their own waits (for example a JDBC statement
 * timeout).
 */
public final class Deadline {
    private static final Deadline NONE = new Deadline(Long.MAX_VALUE);

    private final long deadlineNanos;

    private Deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
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
     * Returns a deadline {@code timeout} from now.
     *
     * @param timeout how long from now; must be positive
     * @return the deadline
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public static Deadline after(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        long nanos = saturatedNanos(timeout);
        long now = System.nanoTime();
        long at = now + nanos;
        return new Deadline(at - now < 0 || nanos == Long.MAX_VALUE ? Long.MAX_VALUE : at);
    }

    /**
     * Returns whether this deadline never passes.
     *
     * @return {@code true} for {@link #none()}
     */
    public boolean isUnbounded() {
        return deadlineNanos == Long.MAX_VALUE;
    }

    /**
     * Returns the nanoseconds left, zero or negative once passed, {@link Long#MAX_VALUE} if unbounded.
     *
     * @return the time left in nanoseconds
     */
    public long remainingNanos() {
        return isUnbounded() ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
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
     * Returns the earlier of this deadline and {@code other}.
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
