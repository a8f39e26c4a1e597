package dev.feedkit;

import java.time.Duration;
import java.util.Objects;

/**
 * What a host asks of a {@link FeedAssembler}: one page of a viewer's home feed.
 *
 * <p>Immutable. Made by {@link #of(long)} for a first page with the defaults, or by
 * {@link #newBuilder(long)}; every setter checks its argument at once:
 * <pre>{@code
 * FeedRequest next = FeedRequest.newBuilder(viewerId).cursor(page.nextPage()).limit(50).build();
 * }</pre>
 */
public final class FeedRequest {
    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 20;
    /** The largest page size. */
    public static final int MAX_LIMIT = 100;

    private final long viewerId;
    private final String cursor;
    private final int limit;
    private final long seed;
    private final Duration timeout;
    private final Mode mode;

    /** How a feed is ordered. */
    public enum Mode {
        /** Newest first, by keyset: the default. */
        CHRONOLOGICAL,
        /**
         * The newest candidates (a window, {@link FeedAssembler.Builder#rankedWindow(int)}) in the
         * order of the assembler's {@link Scorer}, then the rest of the feed chronologically.
         */
        RANKED;

        /**
         * Parses a mode by name, case-insensitively ({@code chronological}, {@code ranked}).
         *
         * @param name the name
         * @return the mode
         * @throws InvalidRequestException if no mode has that name
         */
        public static Mode parse(String name) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(name)) {
                    return m;
                }
            }
            throw new InvalidRequestException(InvalidRequestException.INVALID_MODE,
                    "mode must be 'chronological' or 'ranked', was '" + name + "'");
        }
    }

    private FeedRequest(Builder b) {
        this.viewerId = b.viewerId;
        this.cursor = b.cursor;
        this.limit = b.limit;
        this.seed = b.seed;
        this.timeout = b.timeout;
        this.mode = b.mode;
    }

    /**
     * Returns a request for the first page with the default limit.
     *
     * @param viewerId the viewer, a positive id
     * @return the request
     * @throws InvalidRequestException if {@code viewerId} is not positive
     */
    public static FeedRequest of(long viewerId) {
        return newBuilder(viewerId).build();
    }

    /**
     * Returns a builder for a request of {@code viewerId}.
     *
     * @param viewerId the viewer, a positive id
     * @return a builder with the defaults: first page, limit {@value #DEFAULT_LIMIT}, a fresh seed
     * @throws InvalidRequestException if {@code viewerId} is not positive
     */
    public static Builder newBuilder(long viewerId) {
        return new Builder(viewerId);
    }

    /** @return the viewer id */
    public long viewerId() {
        return viewerId;
    }

    /** @return the cursor of the page to continue from, or {@code null} for the first page */
    public String cursor() {
        return cursor;
    }

    /** @return the page size, 1..100 */
    public int limit() {
        return limit;
    }

    /** @return the seed given by the caller, or -1 if the assembler picks one */
    public long seed() {
        return seed;
    }

    /** @return the time this request may take, or {@code null} for the assembler's default */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns the mode asked for. A continued page follows its cursor's mode; a mode given with a
     * cursor must agree with it.
     *
     * @return the mode, or {@code null} if none was given: chronological for a first page, the
     *     cursor's mode for a continued one
     */
    public Mode mode() {
        return mode;
    }

    @Override
    public String toString() {
        return "FeedRequest[viewer=" + viewerId + ", limit=" + limit + ", cursor=" + (cursor != null)
                + (mode != null ? ", mode=" + mode : "") + "]";
    }

    /** Builds a {@link FeedRequest}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private final long viewerId;
        private String cursor;
        private int limit = DEFAULT_LIMIT;
        private long seed = -1;
        private Duration timeout;
        private Mode mode;

        private Builder(long viewerId) {
            if (viewerId <= 0) {
                throw new InvalidRequestException(InvalidRequestException.INVALID_VIEWER,
                        "viewer must be a positive id, was " + viewerId);
            }
            this.viewerId = viewerId;
        }

        /**
         * Sets the cursor to continue from, as returned in {@link FeedPage#nextPage()}.
         *
         * @param cursor the cursor, or {@code null} for the first page
         * @return this builder
         * @throws InvalidRequestException if empty: no cursor is empty, and reading an empty one as
         *     "the first page" would hide a client's bug
         */
        public Builder cursor(String cursor) {
            if (cursor != null && cursor.isEmpty()) {
                throw new InvalidRequestException(InvalidRequestException.INVALID_CURSOR,
                        "cursor must not be empty; omit it for the first page");
            }
            this.cursor = cursor;
            return this;
        }

        /**
         * Sets the page size.
         *
         * @param limit 1..{@value FeedRequest#MAX_LIMIT}
         * @return this builder
         * @throws InvalidRequestException if out of range; never clamped
         */
        public Builder limit(int limit) {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new InvalidRequestException(InvalidRequestException.INVALID_LIMIT,
                        "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * Sets the ranking seed of a first page. A continued page takes the cursor's seed; giving a
         * different one is an invalid request.
         *
         * @param seed a non-negative number
         * @return this builder
         * @throws InvalidRequestException if negative
         */
        public Builder seed(long seed) {
            if (seed < 0) {
                throw new InvalidRequestException(InvalidRequestException.INVALID_SEED,
                        "seed must be a non-negative 63-bit number, was " + seed);
            }
            this.seed = seed;
            return this;
        }

        /**
         * Sets how long assembling this page may take; past it the page fails with
         * {@link FeedUnavailableException} unless its data is cached.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets the feed's mode. A first page without one is chronological; a continued page
         * follows its cursor, and naming a different mode with it is an invalid request.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** @return the request */
        public FeedRequest build() {
            return new FeedRequest(this);
        }
    }
}
