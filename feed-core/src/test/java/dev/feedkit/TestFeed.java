package dev.feedkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A brute-force feed for pipeline tests: a FeedSource and EntityStore that filter and sort on
 * every call (so it doubles as the oracle), count loads per key, and can be gated to hold loads
 * in flight. Deliberately simple and slow; the real in-memory store is InMemoryFeedStore.
 */
final class TestFeed implements FeedSource, EntityStore {
    final Map<Long, Author> users = new ConcurrentHashMap<>();
    final Map<Long, Post> posts = new ConcurrentHashMap<>();
    final Set<Long> follows = ConcurrentHashMap.newKeySet();
    final Set<Long> blocks = ConcurrentHashMap.newKeySet();
    final Map<CacheKey, AtomicInteger> loadsPerKey = new ConcurrentHashMap<>();
    final AtomicInteger storeCalls = new AtomicInteger();
    final AtomicInteger sourceCalls = new AtomicInteger();
    final Map<Keyset, AtomicInteger> sourceCallsByPosition = new ConcurrentHashMap<>();
    volatile CountDownLatch loadGate;
    volatile CountDownLatch loadEntered = new CountDownLatch(0);
    volatile RuntimeException failLoads;
    volatile RuntimeException failSource;

    /** A cursor key for assemblers with a shared tier, which require one. */
    static final byte[] CURSOR_KEY = "feed-core-test-cursor-key".getBytes(StandardCharsets.UTF_8);

    /** A random feed: users follow ~followRate of others, block a few, post a few each. */
    static TestFeed random(long seed, int users, int postsPerUser) {
        Random r = new Random(seed);
        TestFeed f = new TestFeed();
        for (long u = 1; u <= users; u++) {
            f.users.put(u, new Author(u, "user" + u, "User \"" + u + "\"", u % 3 == 0 ? null : "https://cdn/a/" + u, u % 7 == 0));
        }
        long postId = 1000;
        long base = 1_700_000_000_000_000L;
        for (long u = 1; u <= users; u++) {
            for (long v = 1; v <= users; v++) {
                if (u != v && r.nextInt(4) == 0) {
                    f.follows.add(pair(u, v));
                }
                if (u != v && r.nextInt(40) == 0) {
                    f.blocks.add(pair(u, v));
                }
            }
            for (int i = 0; i < postsPerUser; i++) {
                long at = base + r.nextInt(5_000) * 1000L; // ties on purpose
                Instant deleted = r.nextInt(15) == 0 ? Keyset.instant(at + 1) : null;
                f.posts.put(postId, new Post(postId, u, "post " + postId, Keyset.instant(at), deleted,
                        r.nextInt(100), r.nextInt(10), List.of(), List.of("t" + (postId % 5))));
                postId += 1 + r.nextInt(3);
            }
        }
        return f;
    }

    static long pair(long a, long b) {
        return a * 1_000_003L + b;
    }

    boolean follows(long a, long b) {
        return follows.contains(pair(a, b));
    }

    boolean blocks(long a, long b) {
        return blocks.contains(pair(a, b));
    }

    /** The oracle: the viewer's whole visible feed, newest first. */
    List<Post> feed(long viewer) {
        List<Post> out = new ArrayList<>();
        for (Post p : posts.values()) {
            long a = p.authorId();
            if (!p.deleted() && (a == viewer || follows(viewer, a)) && !blocks(viewer, a) && !blocks(a, viewer)) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparingLong(Post::createdAtMicros).thenComparingLong(Post::id).reversed());
        return out;
    }

    @Override
    public void candidates(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        sourceCalls.incrementAndGet();
        if (failSource != null) {
            out.add(-1, -1, -1); // what a source that fails half-way leaves behind
            throw failSource;
        }
        sourceCallsByPosition.computeIfAbsent(after, k -> new AtomicInteger()).incrementAndGet();
        for (Post p : feed(viewerId)) {
            if (out.size() == max) {
                break;
            }
            if (after.precedes(p.createdAtMicros(), p.id())) {
                out.add(p.id(), p.authorId(), p.createdAtMicros());
            }
        }
    }

    @Override
    public void load(EntityKeys keys, Entities into, Deadline deadline) {
        storeCalls.incrementAndGet();
        loadEntered.countDown();
        awaitGate();
        if (failLoads != null) {
            throw failLoads;
        }
        long viewer = keys.viewerId();
        each(keys, EntityKind.POST, id -> deliver(posts.get(id), into::post));
        each(keys, EntityKind.AUTHOR, id -> deliver(users.get(id), into::author));
        each(keys, EntityKind.RELATIONSHIP, id -> into.relationship(id,
                Relationship.of(follows(viewer, id), follows(id, viewer), blocks(viewer, id), blocks(id, viewer))));
    }

    private void each(EntityKeys keys, EntityKind kind, java.util.function.LongConsumer action) {
        for (int i = 0; i < keys.size(kind); i++) {
            loadsPerKey.computeIfAbsent(keys.key(kind, i), k -> new AtomicInteger()).incrementAndGet();
            action.accept(keys.id(kind, i));
        }
    }

    private static <T> void deliver(T value, java.util.function.Consumer<T> sink) {
        if (value != null) {
            sink.accept(value);
        }
    }

    private void awaitGate() {
        CountDownLatch gate = loadGate;
        if (gate == null) {
            return;
        }
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedUnavailableException("interrupted", e);
        }
    }

    int maxLoadsOfAnyKey() {
        return loadsPerKey.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }
}
