package dev.feedkit.testkit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that stands still until a test advances it, for tests that would otherwise wait
 * for a TTL, a deadline or a cool-down to pass on the real clock. Thread-safe: one test thread may
 * advance it while the code under test reads it on others.
 *
 * <pre>{@code
 * FakeTicker ticker = new FakeTicker();
 * FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).ticker(ticker).build();
 * feeds.assemble(FeedRequest.of(viewer));
 * ticker.advance(Duration.ofMinutes(6));          // past the default 5 min entity TTL
 * feeds.assemble(FeedRequest.of(viewer));          // loads from the store again
 * }</pre>
 *
 * <p>It only moves the clock that feedkit reads. A wait that blocks a thread (a statement timeout,
 * a Redis call, joining a load) still takes real time, and TTLs kept by a server (Redis) run on
 * the server's clock.
 */
public final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong();

    /** Creates a ticker that reads 0 until advanced. */
    public FakeTicker() {
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far; zero or positive
     * @return this ticker
     * @throws IllegalArgumentException if {@code duration} is negative: a ticker never goes back
     */
    public FakeTicker advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        nanos.addAndGet(duration.toNanos());
        return this;
    }

    /**
     * Returns the nanoseconds advanced since the ticker was created.
     *
     * @return the current reading
     */
    @Override
    public long read() {
        return nanos.get();
    }

    @Override
    public String toString() {
        return "FakeTicker[" + Duration.ofNanos(nanos.get()) + "]";
    }
}
