package dev.feedkit.testkit;

import dev.feedkit.Author;
import dev.feedkit.AuthorPostSource;
import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedSource;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.FollowerSource;
import dev.feedkit.Keyset;
import dev.feedkit.Post;
import dev.feedkit.Relationship;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/*
 * Why copy-on-write snapshots: reads (a page every few milliseconds per viewer) far outnumber
 * writes (a follow, a post), so every user is one immutable MemoryAccount (profile, sorted
 * follow and block arrays, sorted timeline of live posts) that a writer replaces whole under one
 * lock. Readers take no lock and never see a half-applied change to one user; across users they
 * may see a change a moment early or late, which the FeedSource contract allows.
 *
 * Candidates come from a k-way merge of the viewer's and its unblocked followees' timelines
 * (MemoryMerge), each entered by binary search at the keyset: no scan, no sort per page.
 */

/**
 * A thread-safe, in-memory {@link FeedSource} and {@link EntityStore} (and {@link FollowerSource}
 * and {@link AuthorPostSource} for fan-out): the store of the demo server when no database is
 * configured, and the reference implementation of the SPI contracts.
 *
 * <pre>{@code
 * InMemoryFeedStore store = InMemoryFeedStore.of(DemoData.newBuilder().build());
 * FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).build();
 * }</pre>
 *
 * <p>Reads never block. Mutations are serialized; after one returns, every later read sees it.
 * A host that caches entities (the assembler's L1, a Redis tier) must still invalidate what a
 * mutation changed, for example with {@link FeedAssembler#invalidatePost(long)}.
 */
public final class InMemoryFeedStore implements FeedSource, EntityStore, FollowerSource, AuthorPostSource {
    private final ConcurrentHashMap<Long, MemoryAccount> accounts = new ConcurrentHashMap<>();
    private final MemoryFollowers followers = new MemoryFollowers();
    private final ConcurrentHashMap<Long, Post> posts = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    private InMemoryFeedStore() {
    }

    /**
     * Returns an empty store.
     *
     * @return a new store
     */
    public static InMemoryFeedStore create() {
        return new InMemoryFeedStore();
    }

    /**
     * Returns a store holding {@code data}: its users, follows, blocks, mutes and posts (deleted ones
     * included, as a database would hold them).
     *
     * @param data the data set
     * @return a new store
     * @throws NullPointerException if {@code data} is null
     */
    public static InMemoryFeedStore of(DemoData data) {
        Objects.requireNonNull(data, "data");
        InMemoryFeedStore store = new InMemoryFeedStore();
        store.load(data);
        return store;
    }

    // ---------------------------------------------------------------- FeedSource

    /**
     * {@inheritDoc}
     *
     * @throws FeedUnavailableException if the deadline has already passed
     */
    @Override
    public void candidates(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(out, "out");
        checkDeadline(deadline, "find candidates for viewer " + viewerId);
        MemoryAccount viewer = accounts.get(viewerId);
        if (viewer == null || max <= 0) {
            return;
        }
        int cap = viewer.following.length + 1;
        MemoryTimeline[] lines = new MemoryTimeline[cap];
        long[] authors = new long[cap];
        lines[0] = viewer.timeline;
        authors[0] = viewerId;
        int n = 1;
        for (long followee : viewer.following) {
            MemoryAccount a = accounts.get(followee);
            if (a != null && a.timeline.size() > 0 && !viewer.hides(a)) {
                lines[n] = a.timeline;
                authors[n++] = followee;
            }
        }
        MemoryMerge.merge(lines, authors, n, after, max, out);
    }

    // ---------------------------------------------------------------- EntityStore

    /**
     * {@inheritDoc}
     *
     * <p>Delivers every requested post that exists (deleted ones too), every requested author
     * that exists, and the viewer's relationship to every requested author that exists
     * ({@link Relationship#NONE} included, and for an unknown viewer).
     *
     * @throws FeedUnavailableException if the deadline has already passed
     */
    @Override
    public void load(EntityKeys keys, Entities into, Deadline deadline) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(into, "into");
        checkDeadline(deadline, "load " + keys.size() + " entities");
        for (int i = 0; i < keys.size(EntityKind.POST); i++) {
            Post p = posts.get(keys.id(EntityKind.POST, i));
            if (p != null) {
                into.post(p);
            }
        }
        for (int i = 0; i < keys.size(EntityKind.AUTHOR); i++) {
            MemoryAccount a = accounts.get(keys.id(EntityKind.AUTHOR, i));
            if (a != null) {
                into.author(a.author);
            }
        }
        loadRelationships(keys, into);
    }

    private void loadRelationships(EntityKeys keys, Entities into) {
        MemoryAccount viewer = accounts.get(keys.viewerId());
        for (int i = 0; i < keys.size(EntityKind.RELATIONSHIP); i++) {
            MemoryAccount a = accounts.get(keys.id(EntityKind.RELATIONSHIP, i));
            if (a != null) {
                into.relationship(a.id(), relationship(viewer, a));
            }
        }
    }

    private static Relationship relationship(MemoryAccount viewer, MemoryAccount author) {
        if (viewer == null) {
            return Relationship.NONE;
        }
        long v = viewer.id();
        long a = author.id();
        return Relationship.of(viewer.follows(a), author.follows(v), viewer.blocks(a), author.blocks(v), viewer.mutes(a));
    }

    private static void checkDeadline(Deadline deadline, String what) {
        if (deadline.isExpired()) {
            throw new FeedUnavailableException("deadline passed before the in-memory store could " + what
                    + "; raise the timeout (FeedAssembler.Builder.timeout)", null);
        }
    }

    // ---------------------------------------------------------------- FollowerSource, AuthorPostSource

    /**
     * {@inheritDoc}
     *
     * @throws FeedUnavailableException if the deadline has already passed
     */
    @Override
    public int followers(long authorId, long afterId, long[] out, Deadline deadline) {
        Objects.requireNonNull(out, "out");
        checkDeadline(deadline, "read the followers of user " + authorId);
        return followers.page(authorId, afterId, out);
    }

    /**
     * {@inheritDoc}
     *
     * @throws FeedUnavailableException if the deadline has already passed
     */
    @Override
    public long followerCount(long authorId, long atMost, Deadline deadline) {
        if (atMost < 1) {
            throw new IllegalArgumentException("atMost must be at least 1, was " + atMost);
        }
        checkDeadline(deadline, "count the followers of user " + authorId);
        return Math.min(atMost, followers.count(authorId));
    }

    /**
     * {@inheritDoc}
     *
     * @throws FeedUnavailableException if the deadline has already passed
     */
    @Override
    public void authorPosts(long authorId, Keyset after, int max, Candidates out, Deadline deadline) {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(out, "out");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        checkDeadline(deadline, "read the posts of user " + authorId);
        MemoryAccount a = accounts.get(authorId);
        if (a == null) {
            return;
        }
        MemoryTimeline t = a.timeline;
        for (int i = t.firstAfter(after), n = 0; i < t.size() && n < max; i++, n++) {
            out.add(t.id(i), authorId, t.micros(i));
        }
    }

    // ---------------------------------------------------------------- users and edges

    /**
     * Adds a user, or replaces the profile of an existing one (keeping its follows, blocks and posts).
     *
     * @param user the user
     * @throws NullPointerException if {@code user} is null
     */
    public void addUser(DemoData.User user) {
        Author author = Objects.requireNonNull(user, "user").toAuthor();
        synchronized (writeLock) {
            MemoryAccount old = accounts.get(author.id());
            accounts.put(author.id(), old == null ? MemoryAccount.of(author) : old.withAuthor(author));
        }
    }

    /**
     * Makes {@code follower} follow {@code followee}.
     *
     * @param follower the user who follows
     * @param followee the user followed
     * @return {@code true} if the follow is new
     * @throws IllegalArgumentException if either user does not exist, or they are the same
     */
    public boolean follow(long follower, long followee) {
        return editEdge(follower, followee, "follow", true, Edge.FOLLOW);
    }

    /**
     * Makes {@code follower} stop following {@code followee}.
     *
     * @param follower the user who follows
     * @param followee the user followed
     * @return {@code true} if there was a follow to remove
     * @throws IllegalArgumentException if either user does not exist, or they are the same
     */
    public boolean unfollow(long follower, long followee) {
        return editEdge(follower, followee, "unfollow", false, Edge.FOLLOW);
    }

    /**
     * Makes {@code blocker} block {@code blocked}: neither sees the other's posts. Follows are kept.
     *
     * @param blocker the user who blocks
     * @param blocked the user blocked
     * @return {@code true} if the block is new
     * @throws IllegalArgumentException if either user does not exist, or they are the same
     */
    public boolean block(long blocker, long blocked) {
        return editEdge(blocker, blocked, "block", true, Edge.BLOCK);
    }

    /**
     * Lifts {@code blocker}'s block of {@code blocked}.
     *
     * @param blocker the user who blocked
     * @param blocked the user blocked
     * @return {@code true} if there was a block to remove
     * @throws IllegalArgumentException if either user does not exist, or they are the same
     */
    public boolean unblock(long blocker, long blocked) {
        return editEdge(blocker, blocked, "unblock", false, Edge.BLOCK);
    }

    /**
     * Makes {@code muter} mute {@code muted}: the muter no longer sees the muted user's posts, even
     * while following them. One-way: the muted user's feed does not change. Follows are kept.
     *
     * @param muter the user who mutes
     * @param muted the user muted
     * @return {@code true} if the mute is new
     * @throws IllegalArgumentException if either user does not exist, or they are the same
     */
    public boolean mute(long muter, long muted) {
        return editEdge(muter, muted, "mute", true, Edge.MUTE);
    }

    /**
     * Lifts {@code muter}'s mute of {@code muted}.
     *
     * @param muter the user who muted
     * @param muted the user muted
     * @return {@code true} if there was a mute to remove
     * @throws IllegalArgumentException if either user does not exist, or they are the same
     */
    public boolean unmute(long muter, long muted) {
        return editEdge(muter, muted, "unmute", false, Edge.MUTE);
    }

    private enum Edge { FOLLOW, BLOCK, MUTE }

    private boolean editEdge(long from, long to, String what, boolean add, Edge edge) {
        if (from == to) {
            throw new IllegalArgumentException("cannot " + what + " oneself: user " + from);
        }
        synchronized (writeLock) {
            MemoryAccount a = account(from, what);
            account(to, what);
            long[] old = switch (edge) {
                case FOLLOW -> a.following;
                case BLOCK -> a.blocking;
                case MUTE -> a.muting;
            };
            long[] now = add ? MemoryAccount.add(old, to) : MemoryAccount.remove(old, to);
            if (now == old) {
                return false;
            }
            accounts.put(from, switch (edge) {
                case FOLLOW -> a.withFollowing(now);
                case BLOCK -> a.withBlocking(now);
                case MUTE -> a.withMuting(now);
            });
            if (edge == Edge.FOLLOW) {
                if (add) {
                    followers.add(to, from);
                } else {
                    followers.remove(to, from);
                }
            }
            return true;
        }
    }

    private MemoryAccount account(long userId, String what) {
        MemoryAccount a = accounts.get(userId);
        if (a == null) {
            throw new IllegalArgumentException("cannot " + what + ": user " + userId
                    + " does not exist; add it with addUser first");
        }
        return a;
    }

    // ---------------------------------------------------------------- posts

    /**
     * Adds a post (a deleted one is stored but never a candidate).
     *
     * @param post the post
     * @throws IllegalArgumentException if its author does not exist or its id is taken
     */
    public void addPost(Post post) {
        Objects.requireNonNull(post, "post");
        synchronized (writeLock) {
            account(post.authorId(), "add post " + post.id());
            if (posts.containsKey(post.id())) {
                throw new IllegalArgumentException("cannot add post " + post.id()
                        + ": the id is taken; use updatePost to replace it");
            }
            posts.put(post.id(), post);
            link(post);
        }
    }

    /**
     * Replaces a post with a new version of the same id (text, counts, media, tags, time,
     * deletion or even author).
     *
     * @param post the new version
     * @throws IllegalArgumentException if no post has its id, or its author does not exist
     */
    public void updatePost(Post post) {
        Objects.requireNonNull(post, "post");
        synchronized (writeLock) {
            account(post.authorId(), "update post " + post.id());
            Post old = existing(post.id(), "update");
            unlink(old);
            posts.put(post.id(), post);
            link(post);
        }
    }

    /**
     * Soft-deletes a post: it stays loadable, with {@code deletedAt} set, and is no longer a candidate.
     *
     * @param postId the post
     * @param at when it was deleted; finer digits than microseconds are dropped, as PostgreSQL does
     * @return {@code true} if the post was live, {@code false} if it was already deleted
     * @throws IllegalArgumentException if no post has that id
     */
    public boolean deletePost(long postId, Instant at) {
        Instant when = Keyset.instant(Keyset.micros(Objects.requireNonNull(at, "at")));
        synchronized (writeLock) {
            Post old = existing(postId, "delete");
            if (old.deleted()) {
                return false;
            }
            unlink(old);
            posts.put(postId, new Post(postId, old.authorId(), old.body(), old.createdAt(), when,
                    old.likeCount(), old.replyCount(), old.media(), old.tags(), old.extra()));
            return true;
        }
    }

    private Post existing(long postId, String what) {
        Post p = posts.get(postId);
        if (p == null) {
            throw new IllegalArgumentException("cannot " + what + " post " + postId + ": no post has that id");
        }
        return p;
    }

    private void link(Post p) {
        MemoryAccount a = accounts.get(p.authorId());
        if (!p.deleted() && a != null) {
            accounts.put(a.id(), a.withTimeline(a.timeline.with(p.createdAtMicros(), p.id())));
        }
    }

    private void unlink(Post p) {
        MemoryAccount a = accounts.get(p.authorId());
        if (a != null) {
            accounts.put(a.id(), a.withTimeline(a.timeline.without(p.createdAtMicros(), p.id())));
        }
    }

    // ---------------------------------------------------------------- bulk load

    private void load(DemoData data) {
        for (DemoData.User u : data.users()) {
            accounts.put(u.id(), MemoryAccount.of(u.toAuthor()));
        }
        loadEdges(data.followColumns(), MemoryAccount::withFollowing);
        followers.load(data.followColumns());
        loadEdges(data.blockColumns(), MemoryAccount::withBlocking);
        loadEdges(data.muteColumns(), MemoryAccount::withMuting);
        Map<Long, List<Post>> live = new HashMap<>();
        for (Post p : data.posts()) {
            posts.put(p.id(), p);
            if (!p.deleted()) {
                live.computeIfAbsent(p.authorId(), k -> new ArrayList<>()).add(p);
            }
        }
        live.forEach((author, list) -> {
            MemoryAccount a = account(author, "load posts");
            accounts.put(author, a.withTimeline(MemoryTimeline.of(list.toArray(new Post[0]), list.size())));
        });
    }

    /** Groups edges (sorted by {@code from}, as DemoData lists them) into each user's sorted array. */
    private void loadEdges(DemoData.EdgeColumns edges, BiFunction<MemoryAccount, long[], MemoryAccount> set) {
        int size = edges.size();
        for (int start = 0, end; start < size; start = end) {
            long from = edges.from(start);
            end = start + 1;
            while (end < size && edges.from(end) == from) {
                end++;
            }
            long[] ids = new long[end - start];
            for (int i = start; i < end; i++) {
                ids[i - start] = edges.to(i);
            }
            Arrays.sort(ids);
            accounts.put(from, set.apply(account(from, "load edges"), ids));
        }
    }
}
