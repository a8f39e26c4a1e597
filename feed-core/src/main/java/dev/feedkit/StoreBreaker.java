package dev.feedkit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/*
 * Why a breaker in front of the store: with deadlines alone, every miss would still spend its
 * whole deadline on a frozen database (or a borrow that cannot succeed), holding a worker thread
 * and a pool slot each, so that requests queue behind them. After `threshold` consecutive failed
 * calls the breaker opens and calls fail at once with FeedUnavailableException; after the
 * cool-down exactly one call goes through as a probe (half-open): its success closes the breaker,
 * its failure opens it for another cool-down. The cool-down runs on the assembler's Ticker. It is
 * the shape of feed-redis's CircuitBreaker, in core because it guards core's SPIs.
 *
 * One breaker guards every database-backed SPI the assembler calls (FeedSource, EntityStore,
 * FollowerSource, AuthorPostSource): in the usual deployment they are one database, and a keyset
 * query that times out says as much about the next entity load as another entity load would. Only
 * FeedUnavailableException counts, and only from a call that began with time left: a request
 * whose deadline was spent elsewhere (a slow Redis) says nothing about the database. Any other
 * exception is a bug, not an outage, and passes through uncounted. While the breaker is open,
 * candidates come from their stale copies (CandidateStep) and entities from the caches.
 */

/** Counts consecutive failures of database calls and fails calls fast while they keep failing. Thread-safe. */
final class StoreBreaker {
    private final int threshold;
    private final long coolDownNanos;
    private final Ticker ticker;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong openUntil = new AtomicLong();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile FeedUnavailableException lastFailure;

    StoreBreaker(int threshold, long coolDownNanos, Ticker ticker) {
        this.threshold = threshold;
        this.coolDownNanos = coolDownNanos;
        this.ticker = ticker;
    }

    /** A database call. */
    interface Call<T> {
        T run();
    }

    /** Runs {@code call} unless the breaker is open; counts its outcome. */
    <T> T call(String what, Deadline deadline, Call<T> call) {
        boolean probe = admit(what);
        boolean hadTime = !deadline.isExpired();
        try {
            T result = call.run();
            success();
            return result;
        } catch (FeedUnavailableException e) {
            if (hadTime || probe) {
                failure(e);
            }
            throw e;
        } finally {
            if (probe) {
                probing.compareAndSet(true, false);
            }
        }
    }

    void run(String what, Deadline deadline, Runnable call) {
        call(what, deadline, () -> {
            call.run();
            return null;
        });
    }

    /** @return whether the breaker is open now (calls fail fast) */
    boolean isOpen() {
        return openUntil.get() != 0;
    }

    long timesOpened() {
        return opened.get();
    }

    long rejectedCalls() {
        return rejected.get();
    }

    /** @return whether this call is the half-open probe; throws if the breaker is open */
    private boolean admit(String what) {
        long until = openUntil.get();
        if (until == 0) {
            return false;
        }
        if (ticker.read() - until >= 0 && probing.compareAndSet(false, true)) {
            return true;
        }
        rejected.incrementAndGet();
        throw new FeedUnavailableException(what + ": the feed store is unavailable (its circuit breaker opened after "
                + threshold + " consecutive failures; see FeedAssembler.Builder.storeCircuitBreaker)", lastFailure);
    }

    private void success() {
        failures.set(0);
        openUntil.set(0);
    }

    private void failure(FeedUnavailableException e) {
        lastFailure = e;
        if (probing.get() || failures.incrementAndGet() >= threshold) {
            long until = ticker.read() + coolDownNanos;
            if (openUntil.getAndSet(until == 0 ? 1 : until) == 0) {
                opened.incrementAndGet();
            }
        }
    }

    // ---------------------------------------------------------------- the guarded SPIs

    FeedSource guard(FeedSource source) {
        return (viewerId, after, max, out, deadline) -> run("feed candidates", deadline,
                () -> source.candidates(viewerId, after, max, out, deadline));
    }

    EntityStore guard(EntityStore store) {
        return (keys, into, deadline) -> run("entity load", deadline, () -> store.load(keys, into, deadline));
    }

    FollowerSource guard(FollowerSource followers) {
        return followers == null ? null : new FollowerSource() {
            @Override
            public int followers(long authorId, long afterId, long[] out, Deadline deadline) {
                return call("followers", deadline, () -> followers.followers(authorId, afterId, out, deadline));
            }

            @Override
            public long followerCount(long authorId, long atMost, Deadline deadline) {
                return call("follower count", deadline, () -> followers.followerCount(authorId, atMost, deadline));
            }
        };
    }

    AuthorPostSource guardAuthorPosts(AuthorPostSource posts) {
        return posts == null ? null : (authorId, after, max, out, deadline) -> run("author posts", deadline,
                () -> posts.authorPosts(authorId, after, max, out, deadline));
    }
}
