package dev.feedkit.redis;

import dev.feedkit.Author;
import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedSource;
import dev.feedkit.Keyset;
import dev.feedkit.Media;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A small mutable in-memory source and store for these tests: users, posts, follows, blocks. It
 * counts loads and can hold one load (the race test) between reading and delivering.
 */
final class TestStore implements FeedSource, EntityStore {
    private final Map<Long, Author> users = new ConcurrentHashMap<>();
    private final Map<Long, Post> posts = new ConcurrentHashMap<>();
    private final Set<Long> follows = ConcurrentHashMap.newKeySet();
    private final Set<Long> blocks = ConcurrentHashMap.newKeySet();
    final AtomicInteger loads = new AtomicInteger();
    private volatile Supplier<CountDownLatch> holdNextLoad;
    volatile CountDownLatch loadRead;

    /** Users 1..users, each following every other, each with postsPerUser posts. */
    static TestStore everyoneFollowsEveryone(int userCount, int postsPerUser) {
        TestStore s = new TestStore();
        long postId = 1;
        for (long u = 1; u <= userCount; u++) {
            s.addUser(u, false);
            for (long v = 1; v <= userCount; v++) {
                if (u != v) {
                    s.follow(u, v);
                }
            }
            for (int p = 0; p < postsPerUser; p++, postId++) {
                s.addPost(postId, u, "post " + postId + " by " + u);
            }
        }
        return s;
    }

    void addUser(long id, boolean verified) {
        users.put(id, new Author(id, "user" + id, "User " + id, id % 2 == 0 ? null : "https://cdn.example/a/" + id,
                verified));
    }

    void addPost(long id, long author, String body) {
        posts.put(id, new Post(id, author, body, Instant.ofEpochSecond(1_700_000_000L + id, 123_000), null, (int) id,
                0, List.of(new Media(Media.Kind.IMAGE, "https://cdn.example/m/" + id, 100, null)), List.of("t" + id % 3)));
    }

    void editPost(long id, String body) {
        Post p = posts.get(id);
        posts.put(id, new Post(id, p.authorId(), body, p.createdAt(), null, p.likeCount(), p.replyCount(), p.media(),
                p.tags()));
    }

    void follow(long follower, long followee) {
        follows.add(pair(follower, followee));
    }

    void block(long blocker, long blocked) {
        blocks.add(pair(blocker, blocked));
    }

    Post post(long id) {
        return posts.get(id);
    }

    /** Makes the next load count down {@link #loadRead} after reading, then wait for the returned latch. */
    CountDownLatch holdNextLoad() {
        CountDownLatch release = new CountDownLatch(1);
        loadRead = new CountDownLatch(1);
        holdNextLoad = () -> release;
        return release;
    }

    private static long pair(long a, long b) {
        return a << 32 | b;
    }

    @Override
    public void candidates(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        out.clear();
        List<Post> feed = posts.values().stream()
                .filter(p -> p.authorId() == viewerId || follows.contains(pair(viewerId, p.authorId())))
                .filter(p -> after.precedes(p.createdAtMicros(), p.id()))
                .sorted(Comparator.comparingLong(Post::createdAtMicros).thenComparingLong(Post::id).reversed())
                .limit(max).collect(Collectors.toList());
        for (Post p : feed) {
            out.add(p.id(), p.authorId(), p.createdAtMicros());
        }
    }

    @Override
    public void load(EntityKeys keys, Entities into, Deadline deadline) {
        loads.incrementAndGet();
        Map<Long, Post> readPosts = read(keys, EntityKind.POST, posts);
        Map<Long, Author> readAuthors = read(keys, EntityKind.AUTHOR, users);
        long viewer = keys.viewerId();
        Map<Long, Relationship> rels = new java.util.HashMap<>();
        for (int i = 0; i < keys.size(EntityKind.RELATIONSHIP); i++) {
            long a = keys.id(EntityKind.RELATIONSHIP, i);
            rels.put(a, Relationship.of(follows.contains(pair(viewer, a)), follows.contains(pair(a, viewer)),
                    blocks.contains(pair(viewer, a)), blocks.contains(pair(a, viewer))));
        }
        awaitHold();
        readPosts.values().forEach(into::post);
        readAuthors.values().forEach(into::author);
        rels.forEach(into::relationship);
    }

    private void awaitHold() {
        Supplier<CountDownLatch> hold = holdNextLoad;
        if (hold == null) {
            return;
        }
        holdNextLoad = null;
        loadRead.countDown();
        try {
            hold.get().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> Map<Long, T> read(EntityKeys keys, EntityKind kind, Map<Long, T> from) {
        Map<Long, T> out = new java.util.HashMap<>();
        for (int i = 0; i < keys.size(kind); i++) {
            T v = from.get(keys.id(kind, i));
            if (v != null) {
                out.put(keys.id(kind, i), v);
            }
        }
        return out;
    }
}
