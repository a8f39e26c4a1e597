package dev.feedkit.examples.custom;

import dev.feedkit.Author;
import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedSource;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.Keyset;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/*
 * What a host's own store looks like: the host keeps its data in its own shape (here an immutable
 * snapshot of users, posts and edges, as a service might rebuild from an event log) and implements
 * the two SPIs over it. Candidates are a k-way merge of the followed authors' post lists, each
 * sorted newest first, so a page costs O(limit * log(authors)) after the first binary search per
 * author. It is an example, not a product: feed-testkit's InMemoryFeedStore is the tested
 * in-memory store, and SnapshotFeedStoreContractTest shows that this one meets the same contract by
 * extending one class.
 */

/** A host-written {@link FeedSource} and {@link EntityStore} over an immutable snapshot. Thread-safe. */
public final class SnapshotFeedStore implements FeedSource, EntityStore {
    private final Map<Long, Author> users = new HashMap<>();
    private final Map<Long, Post> posts = new HashMap<>();
    private final Map<Long, List<Post>> postsByAuthor = new HashMap<>();
    private final Map<Long, Set<Long>> following = new HashMap<>();
    private final Map<Long, Set<Long>> blocking = new HashMap<>();
    private final Map<Long, Set<Long>> muting = new HashMap<>();

    /**
     * Builds the snapshot.
     *
     * @param users every user
     * @param posts every post, deleted ones included (the store hides them from candidates)
     * @param follows follow edges as {follower, followee}
     * @param blocks block edges as {blocker, blocked}
     */
    public SnapshotFeedStore(Collection<Author> users, Collection<Post> posts, Collection<long[]> follows,
            Collection<long[]> blocks) {
        this(users, posts, follows, blocks, List.of());
    }

    /**
     * Builds the snapshot, mutes included.
     *
     * @param users every user
     * @param posts every post, deleted ones included (the store hides them from candidates)
     * @param follows follow edges as {follower, followee}
     * @param blocks block edges as {blocker, blocked}
     * @param mutes mute edges as {muter, muted}
     */
    public SnapshotFeedStore(Collection<Author> users, Collection<Post> posts, Collection<long[]> follows,
            Collection<long[]> blocks, Collection<long[]> mutes) {
        users.forEach(u -> this.users.put(u.id(), u));
        for (Post p : posts) {
            this.posts.put(p.id(), p);
            if (p.deletedAt() == null) {
                postsByAuthor.computeIfAbsent(p.authorId(), a -> new ArrayList<>()).add(p);
            }
        }
        postsByAuthor.values().forEach(l -> l.sort((a, b) -> newestFirst(a, b)));
        follows.forEach(e -> following.computeIfAbsent(e[0], v -> new HashSet<>()).add(e[1]));
        blocks.forEach(e -> blocking.computeIfAbsent(e[0], v -> new HashSet<>()).add(e[1]));
        mutes.forEach(e -> muting.computeIfAbsent(e[0], v -> new HashSet<>()).add(e[1]));
    }

    @Override
    public void candidates(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        requireTime(deadline);
        PriorityQueue<Cursor> heads = new PriorityQueue<>((a, b) -> newestFirst(a.head(), b.head()));
        for (long author : authorsSeenBy(viewerId)) {
            List<Post> list = postsByAuthor.getOrDefault(author, List.of());
            int i = firstAfter(list, after);
            if (i < list.size()) {
                heads.add(new Cursor(list, i));
            }
        }
        while (out.size() < max && !heads.isEmpty()) {
            Cursor c = heads.poll();
            Post p = c.head();
            out.add(p.id(), p.authorId(), Keyset.micros(p.createdAt()));
            if (++c.index < c.list.size()) {
                heads.add(c);
            }
        }
    }

    @Override
    public void load(EntityKeys keys, Entities sink, Deadline deadline) {
        requireTime(deadline);
        for (int i = 0; i < keys.size(EntityKind.POST); i++) {
            Post p = posts.get(keys.id(EntityKind.POST, i));
            if (p != null) {
                sink.post(p);
            }
        }
        for (int i = 0; i < keys.size(EntityKind.AUTHOR); i++) {
            Author a = users.get(keys.id(EntityKind.AUTHOR, i));
            if (a != null) {
                sink.author(a);
            }
        }
        long viewer = keys.viewerId();
        for (int i = 0; i < keys.size(EntityKind.RELATIONSHIP); i++) {
            long author = keys.id(EntityKind.RELATIONSHIP, i);
            sink.relationship(author, Relationship.of(follows(viewer, author), follows(author, viewer),
                    blocks(viewer, author), blocks(author, viewer), mutes(viewer, author)));
        }
    }

    /** The viewer and the authors they follow, less any blocked in either direction or muted by the viewer. */
    private List<Long> authorsSeenBy(long viewer) {
        List<Long> authors = new ArrayList<>();
        authors.add(viewer);
        for (long a : following.getOrDefault(viewer, Set.of())) {
            if (!blocks(viewer, a) && !blocks(a, viewer) && !mutes(viewer, a)) {
                authors.add(a);
            }
        }
        return authors;
    }

    private boolean follows(long from, long to) {
        return following.getOrDefault(from, Set.of()).contains(to);
    }

    private boolean blocks(long from, long to) {
        return blocking.getOrDefault(from, Set.of()).contains(to);
    }

    private boolean mutes(long from, long to) {
        return muting.getOrDefault(from, Set.of()).contains(to);
    }

    /** Index of the first post of {@code list} (newest first) that comes after {@code after}. */
    private static int firstAfter(List<Post> list, Keyset after) {
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Post p = list.get(mid);
            if (after.precedes(Keyset.micros(p.createdAt()), p.id())) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static int newestFirst(Post a, Post b) {
        int c = b.createdAt().compareTo(a.createdAt());
        return c != 0 ? c : Long.compare(b.id(), a.id());
    }

    private static void requireTime(Deadline deadline) {
        if (deadline.isExpired()) {
            throw new FeedUnavailableException("deadline passed before the snapshot was read", null);
        }
    }

    /** A position in one author's post list. */
    private static final class Cursor {
        final List<Post> list;
        int index;

        Cursor(List<Post> list, int index) {
            this.list = list;
            this.index = index;
        }

        Post head() {
            return list.get(index);
        }
    }
}
