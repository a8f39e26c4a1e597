package dev.feedkit.testkit;

import dev.feedkit.Keyset;
import dev.feedkit.Post;
import dev.feedkit.Relationship;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The feed semantics of docs/CONTRACT.md (Feed semantics), computed by brute force straight from a {@link DemoData}'s lists:
 * filter every post, then sort. Deliberately shares no code with any store, so that stores are
 * checked against an independent reading of the rules. Thread-safe.
 */
public final class FeedOracle {
    /** Feed order: {@code created_at} descending, then id descending. */
    public static final Comparator<Post> FEED_ORDER = Comparator.comparingLong(Post::createdAtMicros)
            .thenComparingLong(Post::id).reversed();

    private final Map<Long, DemoData.User> users = new HashMap<>();
    private final Set<Pair> follows = new HashSet<>();
    private final Set<Pair> blocks = new HashSet<>();
    private final Set<Pair> mutes = new HashSet<>();
    private final List<Post> posts;
    private final Map<Long, Post> postsById = new HashMap<>();
    private final Map<Long, List<Post>> feeds = new ConcurrentHashMap<>();

    private record Pair(long from, long to) {
    }

    /**
     * Indexes {@code data}; every post is built once.
     *
     * @param data the data set
     */
    public FeedOracle(DemoData data) {
        for (DemoData.User u : data.users()) {
            users.put(u.id(), u);
        }
        for (DemoData.Edge e : data.follows()) {
            follows.add(new Pair(e.from(), e.to()));
        }
        for (DemoData.Edge e : data.blocks()) {
            blocks.add(new Pair(e.from(), e.to()));
        }
        for (DemoData.Edge e : data.mutes()) {
            mutes.add(new Pair(e.from(), e.to()));
        }
        posts = List.copyOf(data.posts());
        for (Post p : posts) {
            postsById.put(p.id(), p);
        }
    }

    /**
     * Returns the viewer's whole feed: own and followees' posts, none deleted, none of an author
     * blocked in either direction or muted by the viewer (though still followed), newest first.
     *
     * @param viewerId the viewer
     * @return the feed, empty for an unknown viewer
     */
    public List<Post> feed(long viewerId) {
        return feeds.computeIfAbsent(viewerId, this::computeFeed);
    }

    private List<Post> computeFeed(long viewerId) {
        if (!users.containsKey(viewerId)) {
            return List.of();
        }
        List<Post> feed = new ArrayList<>();
        for (Post p : posts) {
            long a = p.authorId();
            boolean inNetwork = a == viewerId || follows(viewerId, a);
            if (inNetwork && !p.deleted() && !relationship(viewerId, a).hides()) {
                feed.add(p);
            }
        }
        feed.sort(FEED_ORDER);
        return List.copyOf(feed);
    }

    /**
     * Returns up to {@code max} posts of the feed strictly after a keyset position.
     *
     * @param viewerId the viewer
     * @param after the position
     * @param max the most posts
     * @return the posts, newest first
     */
    public List<Post> after(long viewerId, Keyset after, int max) {
        List<Post> out = new ArrayList<>();
        for (Post p : feed(viewerId)) {
            boolean older = p.createdAtMicros() < after.createdAtMicros()
                    || p.createdAtMicros() == after.createdAtMicros() && p.id() < after.postId();
            if (older && out.size() < max) {
                out.add(p);
            }
        }
        return out;
    }

    /** @return every post, deleted ones included, by id ascending */
    public List<Post> posts() {
        return posts;
    }

    /**
     * @param postId a post id
     * @return the post, or {@code null}
     */
    public Post post(long postId) {
        return postsById.get(postId);
    }

    /**
     * @param userId a user id
     * @return the user, or {@code null}
     */
    public DemoData.User user(long userId) {
        return users.get(userId);
    }

    /** @return every user id, ascending */
    public List<Long> userIds() {
        return users.keySet().stream().sorted().toList();
    }

    /**
     * @param a a user
     * @param b another
     * @return whether {@code a} follows {@code b}
     */
    public boolean follows(long a, long b) {
        return follows.contains(new Pair(a, b));
    }

    /**
     * @param a a user
     * @param b another
     * @return whether {@code a} blocks {@code b}
     */
    public boolean blocks(long a, long b) {
        return blocks.contains(new Pair(a, b));
    }

    /**
     * @param a a user
     * @param b another
     * @return whether {@code a} muted {@code b}
     */
    public boolean mutes(long a, long b) {
        return mutes.contains(new Pair(a, b));
    }

    /**
     * @param viewerId the viewer
     * @param authorId the author
     * @return the viewer's relationship to the author, {@link Relationship#NONE} if either is unknown
     */
    public Relationship relationship(long viewerId, long authorId) {
        if (!users.containsKey(viewerId) || !users.containsKey(authorId)) {
            return Relationship.NONE;
        }
        return Relationship.of(follows(viewerId, authorId), follows(authorId, viewerId),
                blocks(viewerId, authorId), blocks(authorId, viewerId), mutes(viewerId, authorId));
    }

    /**
     * Returns ids that lie before, between and after the real user ids but name no user.
     *
     * @return a few unknown user ids
     */
    public List<Long> unknownUserIds() {
        List<Long> ids = userIds();
        List<Long> unknown = new ArrayList<>(List.of(1L, ids.get(0) - 1, ids.get(ids.size() - 1) + 1, Long.MAX_VALUE));
        for (int i = 1; i < ids.size() && unknown.size() < 6; i++) {
            if (ids.get(i) - ids.get(i - 1) > 1) {
                unknown.add(ids.get(i) - 1);
            }
        }
        return unknown;
    }

    /**
     * Returns ids that lie before, between and after the real post ids but name no post.
     *
     * @return a few unknown post ids
     */
    public List<Long> unknownPostIds() {
        List<Long> unknown = new ArrayList<>(List.of(1L, Long.MAX_VALUE));
        if (!posts.isEmpty()) {
            unknown.add(posts.get(0).id() - 1);
            unknown.add(posts.get(posts.size() - 1).id() + 1);
        }
        for (int i = 1; i < posts.size() && unknown.size() < 6; i++) {
            if (posts.get(i).id() - posts.get(i - 1).id() > 1) {
                unknown.add(posts.get(i).id() - 1);
            }
        }
        return unknown;
    }
}
