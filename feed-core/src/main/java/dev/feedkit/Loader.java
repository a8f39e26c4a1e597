package dev.feedkit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/*
 * Loads a page's entities through the tiers: L1, then each further tier (an L2 hit is put into
 * the tiers before it), then ONE EntityStore call for what is still missing.
 *
 * Single flight: a key missed by several requests at once is loaded by the first of them. Each
 * store call is a Flight with its own (unpooled) Entities; other requests that want one of its
 * keys wait for the flight under their own deadline (through a TaskScope, so the first failure or
 * the deadline ends the wait) and copy the value out. The flight fills the tiers before it leaves
 * the in-flight map, so a request that arrives later hits L1 instead.
 *
 * Fill-after-invalidate: every read below L1 (a tier's getAll or the store's load) is stamped with
 * the InvalidationLog clock before it starts. L1 is filled first and re-checked afterwards (an
 * invalidation between the check and the put would otherwise be lost); other tiers, which may
 * write asynchronously, get only entries with no invalidation since the stamp.
 */

/** Loads entities through the cache tiers and the store. Thread-safe. */
final class Loader {
    private static final EntityKind[] KINDS = EntityKind.values();

    private final CaffeineTier l1;
    private final List<CacheTier> tiers;
    private final EntityStore store;
    private final InvalidationLog invalidations;
    private final ExecutorService forks;
    private final Ticker ticker;
    private final FeedTracer tracer;
    private final ConcurrentHashMap<CacheKey, Flight> inFlight = new ConcurrentHashMap<>();
    private final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Loader.class);

    /** Figures of one load, accumulated into the page's stats. */
    static final class Counts {
        int l1Hits;
        int l2Hits;
        int storeKeys;
        int coalescedKeys;
        int storeCalls;
        long l1Nanos;
        long l2Nanos;
        long storeNanos;

        int loadedKeys() {
            return l2Hits + storeKeys + coalescedKeys;
        }
    }

    Loader(CaffeineTier l1, List<CacheTier> tiers, EntityStore store, InvalidationLog invalidations,
            ExecutorService forks, Ticker ticker, FeedTracer tracer) {
        this.l1 = l1;
        this.tracer = tracer;
        this.tiers = List.copyOf(tiers);
        this.store = store;
        this.invalidations = invalidations;
        this.forks = forks;
        this.ticker = ticker;
    }

    /** Fills {@code s.found}, aligned with {@code s.wanted}, with every entity that exists and every known absence. */
    void load(Scratch s, Deadline deadline, int ttlMultiplier, Counts counts) {
        Entities found = s.found;
        long t0 = ticker.read();
        found.reset(s.wanted);
        readL1(s.wanted, found);
        long t1 = ticker.read();
        counts.l1Nanos += t1 - t0;
        counts.l1Hits += found.count();
        if (!found.missing(s.missing)) {
            return;
        }
        for (int i = 0; i < tiers.size(); i++) {
            readTier(i, s);
            if (!found.missing(s.missing)) {
                break;
            }
        }
        long t2 = ticker.read();
        counts.l2Nanos += t2 - t1;
        counts.l2Hits += found.count() - counts.l1Hits;
        if (!s.missing.isEmpty()) {
            FeedTracer.Span span = Spans.start(tracer, FeedTracer.Stage.STORE);
            try {
                loadFromStore(s.missing, found, deadline, ttlMultiplier, counts, span);
            } catch (RuntimeException | Error e) {
                span.fail(e);
                throw e;
            } finally {
                span.end();
            }
        }
        counts.storeNanos += ticker.read() - t2;
    }

    private void readL1(EntityKeys wanted, Entities found) {
        FeedTracer.Span span = Spans.start(tracer, FeedTracer.Stage.L1);
        try {
            span.set(FeedTracer.Figure.KEYS, wanted.size());
            l1.getAll(wanted, found);
            if (tracer != null) {
                span.set(FeedTracer.Figure.HITS, found.count());
            }
        } finally {
            span.end();
        }
    }

    /** Drops {@code key} from L1 and every tier, and stops new requests joining a stale flight. */
    void invalidate(CacheKey key, boolean local) {
        invalidations.record(key);
        inFlight.remove(key);
        l1.invalidate(key);
        if (!local) {
            for (CacheTier tier : tiers) {
                tier.invalidate(key);
            }
        }
    }

    /**
     * Drops all of L1 and stops new requests joining any flight, after this process may have
     * missed peers' invalidations; loads that started before are not cached (a fill re-checks).
     */
    void invalidateAll() {
        invalidations.recordAll();
        inFlight.clear();
        l1.invalidateAll();
    }

    // ---------------------------------------------------------------- tiers

    private void readTier(int index, Scratch s) {
        Entities hits = s.tierHits;
        hits.reset(s.missing);
        long start = invalidations.now();
        FeedTracer.Span span = Spans.start(tracer, FeedTracer.Stage.L2_READ);
        try {
            span.set(FeedTracer.Figure.KEYS, s.missing.size());
            tiers.get(index).getAll(s.missing, hits);
            if (tracer != null) {
                span.set(FeedTracer.Figure.HITS, hits.count());
            }
        } catch (RuntimeException e) {
            // A tier must not fail a page; a broken one is treated as empty.
            span.fail(e);
            log.warn("cache tier {} failed; reading below it: {}", index + 1, e.toString());
            return;
        } finally {
            span.end();
        }
        if (hits.isEmpty()) {
            return;
        }
        s.found.merge(hits);
        fill(hits, start, 1, index);
    }

    // ---------------------------------------------------------------- store, single flight

    private void loadFromStore(EntityKeys missing, Entities found, Deadline deadline, int ttlMultiplier, Counts counts,
            FeedTracer.Span span) {
        Flight mine = new Flight(missing);
        List<Waiting> waits = claim(missing, mine);
        span.set(FeedTracer.Figure.KEYS, mine.keys.size());
        if (waits == null) {
            runFlight(mine, deadline, ttlMultiplier, counts);
        } else {
            span.set(FeedTracer.Figure.COALESCED, waits.size());
            try (TaskScope scope = TaskScope.open(forks, deadline)) {
                if (!mine.keys.isEmpty()) {
                    Runnable flight = () -> runFlight(mine, deadline, ttlMultiplier, counts);
                    Runnable carried = tracer == null ? flight : tracer.propagate(flight);
                    scope.fork(() -> {
                        carried.run();
                        return null;
                    });
                }
                for (Waiting w : waits) {
                    scope.adopt(w.flight.done.copy());
                }
                scope.join();
            }
            for (Waiting w : waits) {
                found.copy(w.flight.result, w.key.kind(), w.key.id());
            }
            counts.coalescedKeys += waits.size();
        }
        if (!mine.keys.isEmpty()) {
            found.copyAll(mine.result);
        }
    }

    /** Makes {@code mine} the flight of every missing key that no other flight loads; returns the others. */
    private List<Waiting> claim(EntityKeys missing, Flight mine) {
        List<Waiting> waits = null;
        for (EntityKind kind : KINDS) {
            for (int i = 0; i < missing.size(kind); i++) {
                CacheKey key = missing.key(kind, i);
                Flight other = inFlight.putIfAbsent(key, mine);
                if (other == null) {
                    mine.claim(key);
                } else {
                    if (waits == null) {
                        waits = new ArrayList<>();
                    }
                    waits.add(new Waiting(key, other));
                }
            }
        }
        return waits;
    }

    private void runFlight(Flight f, Deadline deadline, int ttlMultiplier, Counts counts) {
        if (f.keys.isEmpty()) {
            return;
        }
        long start = invalidations.now();
        try {
            f.result.reset(f.keys);
            store.load(f.keys, f.result, deadline);
            counts.storeCalls++;
            counts.storeKeys += f.keys.size();
            f.result.completeAbsences();
            fill(f.result, start, ttlMultiplier, tiers.size());
            f.done.complete(null);
        } catch (RuntimeException | Error e) {
            // Waiters on this flight fail with the same cause. A store that throws something other
            // than a FeedException has a bug, not an outage: it surfaces as is (HTTP 500).
            f.done.completeExceptionally(e);
            throw e;
        } finally {
            f.leave(inFlight);
        }
    }

    /**
     * Puts {@code loaded} into L1 and the first {@code tierCount} further tiers, leaving out (and
     * taking back out of L1) every key invalidated since {@code start}.
     */
    private void fill(Entities loaded, long start, int ttlMultiplier, int tierCount) {
        l1.putAll(loaded, ttlMultiplier);
        Entities fresh = invalidations.anySince(start) ? loaded.keepOnly(key -> !stale(key, start)) : loaded;
        if (tierCount == 0) {
            return;
        }
        FeedTracer.Span span = Spans.start(tracer, FeedTracer.Stage.L2_WRITE);
        try {
            if (tracer != null) {
                span.set(FeedTracer.Figure.KEYS, fresh.count());
            }
            for (int i = 0; i < tierCount; i++) {
                tiers.get(i).putAll(fresh, ttlMultiplier);
            }
        } catch (RuntimeException | Error e) {
            span.fail(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Whether {@code key} was invalidated since {@code start}; if so, also takes it back out of L1. */
    private boolean stale(CacheKey key, long start) {
        if (invalidations.invalidatedSince(key, start)) {
            l1.invalidate(key);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- flights

    /**
     * One store call and the keys it owns. Its result is immutable once {@link #done} completes.
     * A flight is not pooled (waiters may still read its result after the owner's page is done),
     * so its keys and result are sized to what it may claim: with the pooled default of 128 ids
     * per kind a flight allocated ~16 KB, the largest single allocation of a cold 20-item page
     * after the JSON writer's.
     */
    static final class Flight {
        final EntityKeys keys;
        final Entities result = Entities.unpooled();
        final List<CacheKey> claimed;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Flight(EntityKeys missing) {
            keys = new EntityKeys(missing.size(EntityKind.POST), missing.size(EntityKind.AUTHOR),
                    missing.size(EntityKind.RELATIONSHIP));
            keys.reset(missing.viewerId());
            claimed = new ArrayList<>(missing.size());
        }

        void claim(CacheKey key) {
            claimed.add(key);
            keys.add(key.kind(), key.id());
        }

        void leave(ConcurrentHashMap<CacheKey, Flight> inFlight) {
            for (CacheKey k : claimed) {
                inFlight.remove(k, this);
            }
        }
    }

    /** A key this request waits for while another request's flight loads it. */
    private static final class Waiting {
        final CacheKey key;
        final Flight flight;

        Waiting(CacheKey key, Flight flight) {
            this.key = key;
            this.flight = flight;
        }
    }
}
