package dev.feedkit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.List;
import java.util.function.Supplier;

/*
 * The write path, and what ties the timeline parts together:
 *
 *   postPublished -> pulled author? refresh its recent posts (here and, by pub/sub, on peers)
 *                  : push to its followers, batch by batch (FollowerSource), and to the author
 *                  -> drop those viewers' first pages, here and on peers (one message per batch)
 *   postDeleted   -> the same walk over the followers, removing the post
 *   follow        -> merge the followee's newest posts into the follower's timeline
 *   unfollow      -> remove the followee's posts from the follower's timeline
 *   block         -> remove each one's posts from the other's timeline
 *   unblock       -> drop both timelines (they are rebuilt on the next read)
 *   mute          -> remove the muted author's posts from the muter's timeline (one way)
 *   unmute        -> drop the muter's timeline (rebuilt on the next read)
 *
 * Entity caches are invalidated on the caller's thread, as invalidate* always did; the timeline
 * work runs on the FanOut pool. A follow, unfollow or block also drops the viewers' first pages and
 * which pulled authors they follow, at once and again when the job is done, so that a page read in
 * between is not kept.
 */

/** The timelines of one assembler: the read path's source and the write path's jobs. Thread-safe. */
final class Timelines {
    private static final int BATCH = 1_000;

    private final TimelineStore store;
    private final FollowerSource followers;
    private final AuthorPostSource authorPosts;
    private final PullAuthors pulls;
    private final FirstPages firstPages;
    private final TimelineSource source;
    private final FanOut fanOut;
    private final List<CacheTier> tiers;
    private final PostWarmer warmer;
    private volatile java.util.Set<Long> trusted;

    /** Loads a new post and its author into the entity caches, so that its first page costs no store call. */
    interface PostWarmer {
        void warm(long postId, long authorId);
    }

    Timelines(FeedConfig c, PostWarmer warmer) {
        Ticker ticker = c.ticker();
        this.store = c.timelines();
        this.followers = c.followers();
        this.authorPosts = c.authorPosts();
        this.tiers = c.tiers();
        this.warmer = warmer;
        this.firstPages = new FirstPages(20_000, c.relationshipTtl(), ticker);
        this.pulls = new PullAuthors(followers, authorPosts, store.capacity(), c.pullThreshold(), c.entityTtl(),
                c.relationshipTtl(), ticker, firstPages::dropAll);
        Supplier<Deadline> deadlines = () -> Deadline.after(c.timeout().multipliedBy(5), ticker);
        this.fanOut = new FanOut(c.fanOutThreads(), c.fanOutQueue(), deadlines, this::distrustAll);
        this.source = new TimelineSource(store, c.source(), pulls, firstPages, fanOut::execute, deadlines);
        for (CacheTier tier : tiers) {
            tier.subscribeTimelines(this::onPeer);
        }
    }

    /** @return the source the pipeline reads candidates from */
    FeedSource source() {
        return (viewerId, after, max, out, deadline) -> {
            java.util.Set<Long> t = trusted;
            if (t != null && t.add(viewerId)) {
                store.drop(viewerId);
                firstPages.drop(new long[] {viewerId}, 1);
            }
            source.candidates(viewerId, after, max, out, deadline);
        };
    }

    /** @return the viewer's timeline alone, for pages whose source failed (see CandidateStep) */
    FeedSource timelineOnly() {
        return source::timelineOnly;
    }

    // ---------------------------------------------------------------- write path

    void postPublished(long postId, long authorId, long createdAtMicros) {
        fanOut.submit(new PostJob(postId, authorId, createdAtMicros, false));
    }

    void postDeleted(long postId, long authorId, long createdAtMicros) {
        fanOut.submit(new PostJob(postId, authorId, createdAtMicros, true));
    }

    void followed(long follower, long followee) {
        relationChanged(follower);
        fanOut.submit(d -> {
            Candidates newest = new Candidates(Math.min(store.capacity(), 1024));
            authorPosts.authorPosts(followee, Keyset.START, store.capacity(), newest, d);
            store.merge(follower, newest, newest.size() < store.capacity());
            relationChanged(follower);
        });
    }

    void unfollowed(long follower, long followee) {
        relationChanged(follower);
        fanOut.submit(d -> {
            store.removeAuthor(follower, followee);
            relationChanged(follower);
        });
    }

    void blocked(long blocker, long blocked) {
        relationChanged(blocker, blocked);
        fanOut.submit(d -> {
            store.removeAuthor(blocker, blocked);
            store.removeAuthor(blocked, blocker);
            relationChanged(blocker, blocked);
        });
    }

    void unblocked(long blocker, long blocked) {
        relationChanged(blocker, blocked);
        fanOut.submit(d -> {
            store.drop(blocker);
            store.drop(blocked);
            relationChanged(blocker, blocked);
        });
    }

    void muted(long muter, long muted) {
        relationChanged(muter);
        fanOut.submit(d -> {
            store.removeAuthor(muter, muted);
            relationChanged(muter);
        });
    }

    void unmuted(long muter, long muted) {
        relationChanged(muter);
        fanOut.submit(d -> {
            store.drop(muter);
            relationChanged(muter);
        });
    }

    /** Drops the viewers' first pages and followed pulled authors, here and on peers (one message). */
    private void relationChanged(long... viewers) {
        for (long v : viewers) {
            pulls.forgetViewer(v);
        }
        firstPages.drop(viewers, viewers.length);
        publish(new TimelineChange(viewers, viewers.length, -1, true));
    }

    /** Fans one post out to its author's followers (or refreshes a pulled author), resumably. */
    private final class PostJob implements FanOut.Job {
        private final long postId;
        private final long authorId;
        private final long createdAtMicros;
        private final boolean delete;
        private long afterFollower = -1;
        private boolean authorDone;
        private boolean warmed;

        PostJob(long postId, long authorId, long createdAtMicros, boolean delete) {
            this.postId = postId;
            this.authorId = authorId;
            this.createdAtMicros = createdAtMicros;
            this.delete = delete;
        }

        @Override
        public void run(Deadline deadline) {
            if (!delete && !warmed) {
                warmer.warm(postId, authorId);
                warmed = true;
            }
            long[] self = {authorId};
            if (!authorDone) {
                apply(self, 1);
                firstPages.drop(self, 1);
                authorDone = true;
            }
            if (pulls.isPulled(authorId, deadline)) {
                pulls.refresh(authorId);
                pulls.recent(authorId, deadline);
                firstPages.dropPulled(authorId);
                publish(new TimelineChange(self, 1, authorId, false));
                return;
            }
            long[] batch = new long[BATCH];
            int n;
            do {
                n = followers.followers(authorId, afterFollower, batch, deadline);
                apply(batch, n);
                firstPages.drop(batch, n);
                publish(new TimelineChange(batch, n, -1, false));
                if (n > 0) {
                    afterFollower = batch[n - 1];
                }
            } while (n == BATCH);
        }

        private void apply(long[] viewers, int n) {
            if (n == 0) {
                return;
            }
            if (delete) {
                store.removePost(postId, authorId, createdAtMicros, viewers, n);
            } else {
                store.push(postId, authorId, createdAtMicros, viewers, n);
            }
        }
    }

    // ---------------------------------------------------------------- peers

    private void publish(TimelineChange change) {
        if (change.count() == 0 && change.pulledAuthorId() < 0) {
            return;
        }
        for (CacheTier tier : tiers) {
            tier.publishTimelines(change);
        }
    }

    private void onPeer(TimelineChange change) {
        long[] viewers = change.viewerIds();
        if (change.followsChanged()) {
            for (int i = 0; i < change.count(); i++) {
                pulls.forgetViewer(viewers[i]);
            }
        }
        firstPages.drop(viewers, change.count());
        long author = change.pulledAuthorId();
        if (author >= 0) {
            pulls.learn(author);
            pulls.refresh(author);
            firstPages.dropPulled(author);
        }
    }

    /** After a gap in peers' messages: drops the kept first pages and the pulled authors' cached lists. */
    void resync() {
        pulls.forgetAll();
        firstPages.dropAll();
    }

    /** After a lost job: every timeline is rebuilt before it is read again on this instance. */
    private void distrustAll() {
        trusted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    // ---------------------------------------------------------------- figures and lifecycle

    /** The write path's counters (FeedAssembler turns them into its public TimelineStats). */
    FanOut fanOut() {
        return fanOut;
    }

    /** The read path, with its counters. */
    TimelineSource reads() {
        return source;
    }

    boolean idle() {
        return fanOut.idle();
    }

    void close() {
        fanOut.close();
    }
}
