package dev.feedkit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/*
 * Authors with at least `threshold` followers are not fanned out: one post would be thousands of
 * timeline writes. Their posts are merged in at read time instead, from two small L1 caches:
 *  - recent: each pulled author's newest `capacity` live posts (AuthorPostSource), reloaded when
 *    the author publishes or deletes, here or (through pub/sub) on another instance;
 *  - followed: for each viewer, which known pulled authors it follows, asked of the
 *    FollowerSource (one indexed probe per pulled author) and dropped when the viewer follows,
 *    unfollows or blocks someone.
 * An instance learns that an author is pulled when the author publishes through it or through a
 * peer (the pub/sub message names the author). Every known author bumps a generation, so a
 * `followed` entry computed before the author was known is recomputed.
 */

/** The authors pulled at read time and their recent posts. Thread-safe. */
final class PullAuthors {
    private static final long[] NONE = new long[0];

    private final FollowerSource followers;
    private final AuthorPostSource posts;
    private final int capacity;
    private final long threshold;
    private final Set<Long> known = ConcurrentHashMap.newKeySet();
    private final AtomicLong generation = new AtomicLong();
    private final Cache<Long, Recent> recent;
    private final Cache<Long, Followed> followed;
    private final Runnable onLearn;

    /** An author's newest posts, packed as (post, author, time) triples, and whether that is all of them. */
    record Recent(long[] packed, boolean complete) {
        int size() {
            return packed.length / 3;
        }
    }

    private record Followed(long generation, long[] authors) {
    }

    PullAuthors(FollowerSource followers, AuthorPostSource posts, int capacity, long threshold, Duration recentTtl,
            Duration followedTtl, Ticker ticker, Runnable onLearn) {
        this.onLearn = onLearn;
        this.followers = followers;
        this.posts = posts;
        this.capacity = capacity;
        this.threshold = threshold;
        this.recent = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(recentTtl).ticker(ticker).build();
        this.followed = Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(followedTtl).ticker(ticker).build();
    }

    /** Returns whether {@code authorId} is pulled, counting its followers (up to the threshold) if not known yet. */
    boolean isPulled(long authorId, Deadline deadline) {
        if (known.contains(authorId)) {
            return true;
        }
        if (followers.followerCount(authorId, threshold, deadline) < threshold) {
            return false;
        }
        learn(authorId);
        return true;
    }

    /** Records that {@code authorId} is pulled, as a peer said; a new one drops every kept first page. */
    void learn(long authorId) {
        if (known.add(authorId)) {
            generation.incrementAndGet();
            onLearn.run();
        }
    }

    /** Reloads an author's recent posts on the next read. */
    void refresh(long authorId) {
        recent.invalidate(authorId);
    }

    /** Forgets which pulled authors the viewer follows, after a change of its follows or blocks. */
    void forgetViewer(long viewerId) {
        followed.invalidate(viewerId);
    }

    /** Forgets every author's recent posts and every viewer's followed pulled authors. */
    void forgetAll() {
        recent.invalidateAll();
        followed.invalidateAll();
    }

    /** @return the known pulled authors {@code viewerId} follows (itself included), ascending; often none */
    long[] followedBy(long viewerId, Deadline deadline) {
        if (known.isEmpty()) {
            return NONE;
        }
        long gen = generation.get();
        Followed f = followed.getIfPresent(viewerId);
        if (f != null && f.generation() == gen) {
            return f.authors();
        }
        f = followed.asMap().compute(viewerId, (v, old) -> old != null && old.generation() == gen ? old
                : new Followed(gen, probe(v, deadline)));
        return f.authors();
    }

    /** @return the author's newest posts, loaded on a miss */
    Recent recent(long authorId, Deadline deadline) {
        Recent r = recent.getIfPresent(authorId);
        return r != null ? r : recent.asMap().computeIfAbsent(authorId, a -> load(a, deadline));
    }

    private long[] probe(long viewerId, Deadline deadline) {
        long[] one = new long[1];
        long[] out = new long[known.size()];
        int n = 0;
        for (long author : known) {
            boolean follows = author == viewerId
                    || followers.followers(author, viewerId - 1, one, deadline) == 1 && one[0] == viewerId;
            if (follows && n < out.length) {
                out[n++] = author;
            }
        }
        long[] authors = Arrays.copyOf(out, n);
        Arrays.sort(authors);
        return n == 0 ? NONE : authors;
    }

    private Recent load(long authorId, Deadline deadline) {
        Candidates c = new Candidates(Math.min(capacity, 1024));
        posts.authorPosts(authorId, Keyset.START, capacity, c, deadline);
        long[] packed = new long[3 * c.size()];
        for (int i = 0; i < c.size(); i++) {
            packed[3 * i] = c.postId(i);
            packed[3 * i + 1] = c.authorId(i);
            packed[3 * i + 2] = c.createdAtMicros(i);
        }
        return new Recent(packed, c.size() < capacity);
    }
}
