package dev.feedkit;

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
    private final CaffeineTier l1;
    private final List<CacheTier> tiers;
    private final EntityStore store;
    private final InvalidationLog invalidations;
    private final ExecutorService forks;
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
            ExecutorService forks) {
        this.l1 = l1;
        this.tiers = List.copyOf(tiers);
        this.store = store;
        this.invalidations = invalidations;
        this.forks = forks;
    }

    /** Delivers every entity of {@code wanted} that exists into {@code s.found}. */
    void load(Scratch s, Deadline deadline, int ttlMultiplier, Counts counts) {
        EntityKeys wanted = s.wanted;
        long t0 = System.nanoTime();
        s.found.reset(wanted.viewerId());
        l1.getAll(wanted, s.found);
        long t1 = System.nanoTime();
        counts.l1Nanos += t1 - t0;
        counts.l1Hits += countFound(s.found);
        if (!missing(wanted, s.found, s.missing)) {
            return;
        }
        for (int i = 0; i < tiers.size(); i++) {
            readTier(i, s);
            if (!missing(wanted, s.found, s.missing)) {
                break;
            }
        }
        long t2 = System.nanoTime();
        counts.l2Nanos += t2 - t1;
        counts.l2Hits += countFound(s.found) - counts.l1Hits;
        if (!s.missing.isEmpty()) {
            loadFromStore(s.missing, s.found, deadline, ttlMultiplier, counts);
        }
        counts.storeNanos += System.nanoTime() - t2;
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

    // ---------------------------------------------------------------- tiers

    private void readTier(int index, Scratch s) {
        Entities hits = s.tierHits;
        hits.reset(s.missing.viewerId());
        long start = invalidations.now();
        try {
            tiers.get(index).getAll(s.missing, hits);
        } catch (RuntimeException e) {
            // A tier must not fail a page; a broken one is treated as empty.
            log.warn("cache tier {} failed; reading below it: {}", index + 1, e.toString());
            return;
        }
        if (hits.isEmpty()) {
            return;
        }
        addAll(hits, s.found);
        fill(hits, start, 1, index);
    }

    // ---------------------------------------------------------------- store, single flight

    private void loadFromStore(EntityKeys missing, Entities found, Deadline deadline, int ttlMultiplier, Counts counts) {
        Flight mine = new Flight(missing);
        List<Waiting> waits = null;
        long viewer = missing.viewerId();
        waits = claim(EntityKind.POST, missing.posts(), viewer, mine, waits);
        waits = claim(EntityKind.AUTHOR, missing.authors(), viewer, mine, waits);
        waits = claim(EntityKind.RELATIONSHIP, missing.relationships(), viewer, mine, waits);
        if (waits == null) {
            runFlight(mine, deadline, ttlMultiplier, counts);
        } else {
            try (TaskScope scope = TaskScope.open(forks, deadline)) {
                if (!mine.keys.isEmpty()) {
                    scope.fork(() -> {
                        runFlight(mine, deadline, ttlMultiplier, counts);
                        return null;
                    });
                }
                for (Waiting w : waits) {
                    scope.adopt(w.flight.done.copy());
                }
                scope.join();
            }
            for (Waiting w : waits) {
                w.deliver(found);
            }
            counts.coalescedKeys += waits.size();
        }
        if (!mine.keys.isEmpty()) {
            addAll(mine.result, found);
        }
    }

    private List<Waiting> claim(EntityKind kind, LongSet ids, long viewer, Flight mine, List<Waiting> waits) {
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            CacheKey key = new CacheKey(kind, id, kind == EntityKind.RELATIONSHIP ? viewer : 0);
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
        return waits;
    }

    private void runFlight(Flight f, Deadline deadline, int ttlMultiplier, Counts counts) {
        if (f.keys.isEmpty()) {
            return;
        }
        long start = invalidations.now();
        try {
            store.load(f.keys, f.result, deadline);
            counts.storeCalls++;
            counts.storeKeys += f.keys.size();
            completeAbsences(f.keys, f.result);
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

    /** What the store did not deliver does not exist (posts, users) or is no relationship. */
    private static void completeAbsences(EntityKeys keys, Entities result) {
        LongSet posts = keys.posts();
        for (int i = 0; i < posts.size(); i++) {
            if (result.findPost(posts.get(i)) == null) {
                result.absentPost(posts.get(i));
            }
        }
        LongSet authors = keys.authors();
        for (int i = 0; i < authors.size(); i++) {
            if (result.findAuthor(authors.get(i)) == null) {
                result.absentAuthor(authors.get(i));
            }
        }
        LongSet rels = keys.relationships();
        for (int i = 0; i < rels.size(); i++) {
            if (result.findRelationship(rels.get(i)) == null) {
                result.relationship(rels.get(i), Relationship.NONE);
            }
        }
    }

    /**
     * Puts {@code loaded} into L1 and the first {@code tierCount} further tiers, leaving out (and
     * taking back out of L1) every key invalidated since {@code start}.
     */
    private void fill(Entities loaded, long start, int ttlMultiplier, int tierCount) {
        l1.putAll(loaded, ttlMultiplier);
        Entities fresh = invalidations.anySince(start) ? withoutInvalidated(loaded, start) : loaded;
        for (int i = 0; i < tierCount; i++) {
            tiers.get(i).putAll(fresh, ttlMultiplier);
        }
    }

    /** Copies the entries that were not invalidated since {@code start}, and undoes L1 puts of the others. */
    private Entities withoutInvalidated(Entities loaded, long start) {
        Entities fresh = new Entities();
        fresh.reset(loaded.viewerId());
        for (int i = 0; i < loaded.postCount(); i++) {
            keep(CacheKey.post(loaded.postAt(i).id()), start, fresh, loaded.postAt(i));
        }
        for (int i = 0; i < loaded.authorCount(); i++) {
            keep(CacheKey.author(loaded.authorAt(i).id()), start, fresh, loaded.authorAt(i));
        }
        for (int i = 0; i < loaded.relationshipCount(); i++) {
            long author = loaded.relationshipAuthorAt(i);
            CacheKey key = CacheKey.relationship(loaded.viewerId(), author);
            if (!stale(key, start)) {
                fresh.relationship(author, loaded.relationshipAt(i));
            }
        }
        for (int i = 0; i < loaded.absentPosts().size(); i++) {
            long id = loaded.absentPosts().get(i);
            if (!stale(CacheKey.post(id), start)) {
                fresh.absentPost(id);
            }
        }
        for (int i = 0; i < loaded.absentAuthors().size(); i++) {
            long id = loaded.absentAuthors().get(i);
            if (!stale(CacheKey.author(id), start)) {
                fresh.absentAuthor(id);
            }
        }
        return fresh;
    }

    private void keep(CacheKey key, long start, Entities fresh, Object value) {
        if (stale(key, start)) {
            return;
        }
        if (value instanceof Post) {
            fresh.post((Post) value);
        } else {
            fresh.author((Author) value);
        }
    }

    private boolean stale(CacheKey key, long start) {
        if (invalidations.invalidatedSince(key, start)) {
            l1.invalidate(key);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- key arithmetic

    /** Fills {@code missing} with what {@code wanted} has and {@code found} lacks; returns whether any. */
    static boolean missing(EntityKeys wanted, Entities found, EntityKeys missing) {
        missing.reset(wanted.viewerId());
        LongSet posts = wanted.posts();
        for (int i = 0; i < posts.size(); i++) {
            long id = posts.get(i);
            if (found.findPost(id) == null && !found.absentPosts().contains(id)) {
                missing.posts().add(id);
            }
        }
        LongSet authors = wanted.authors();
        for (int i = 0; i < authors.size(); i++) {
            long id = authors.get(i);
            if (found.findAuthor(id) == null && !found.absentAuthors().contains(id)) {
                missing.authors().add(id);
            }
        }
        LongSet rels = wanted.relationships();
        for (int i = 0; i < rels.size(); i++) {
            if (found.findRelationship(rels.get(i)) == null) {
                missing.relationships().add(rels.get(i));
            }
        }
        return !missing.isEmpty();
    }

    private static int countFound(Entities found) {
        return found.postCount() + found.absentPosts().size() + found.authorCount() + found.absentAuthors().size()
                + found.relationshipCount();
    }

    static void addAll(Entities from, Entities to) {
        for (int i = 0; i < from.postCount(); i++) {
            to.post(from.postAt(i));
        }
        for (int i = 0; i < from.authorCount(); i++) {
            to.author(from.authorAt(i));
        }
        for (int i = 0; i < from.relationshipCount(); i++) {
            to.relationship(from.relationshipAuthorAt(i), from.relationshipAt(i));
        }
        for (int i = 0; i < from.absentPosts().size(); i++) {
            to.absentPost(from.absentPosts().get(i));
        }
        for (int i = 0; i < from.absentAuthors().size(); i++) {
            to.absentAuthor(from.absentAuthors().get(i));
        }
    }

    // ---------------------------------------------------------------- flights

    /**
     * One store call and the keys it owns. Its result is immutable once {@link #done} completes.
     * A flight is not pooled (waiters may still read its result after the owner's page is done),
     * so its sets are sized to the keys it may claim: at the pooled default of 128 per set, a
     * flight allocated ~28 KB, the largest single allocation of a cold 20-item page.
     */
    static final class Flight {
        final EntityKeys keys;
        final Entities result;
        final List<CacheKey> claimed;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Flight(EntityKeys missing) {
            int posts = missing.posts().size();
            int authors = missing.authors().size();
            int relationships = missing.relationships().size();
            keys = new EntityKeys(posts, authors, relationships);
            result = new Entities(posts, authors, relationships, 4);
            keys.reset(missing.viewerId());
            result.reset(missing.viewerId());
            claimed = new ArrayList<>(missing.size());
        }

        void claim(CacheKey key) {
            claimed.add(key);
            switch (key.kind()) {
                case POST: keys.posts().add(key.id()); break;
                case AUTHOR: keys.authors().add(key.id()); break;
                default: keys.relationships().add(key.id()); break;
            }
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

        void deliver(Entities found) {
            Entities r = flight.result;
            switch (key.kind()) {
                case POST: {
                    Post p = r.findPost(key.id());
                    if (p != null) {
                        found.post(p);
                    } else {
                        found.absentPost(key.id());
                    }
                    break;
                }
                case AUTHOR: {
                    Author a = r.findAuthor(key.id());
                    if (a != null) {
                        found.author(a);
                    } else {
                        found.absentAuthor(key.id());
                    }
                    break;
                }
                default: {
                    Relationship rel = r.findRelationship(key.id());
                    found.relationship(key.id(), rel != null ? rel : Relationship.NONE);
                }
            }
        }
    }
}
