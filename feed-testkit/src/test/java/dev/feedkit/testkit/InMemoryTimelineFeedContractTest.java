package dev.feedkit.testkit;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedSource;
import dev.feedkit.Post;
import java.time.Instant;

/** The timeline feed contract on the in-memory store with the default in-memory timelines. */
final class InMemoryTimelineFeedContractTest extends TimelineFeedContract {
    private final InMemoryFeedStore store = InMemoryFeedStore.of(timelineData());

    @Override
    protected FeedAssembler.Builder configure(FeedAssembler.Builder builder) {
        return builder.source(store).store(store).timelineCapacity(CAPACITY);
    }

    @Override
    protected FeedSource oracle() {
        return store;
    }

    @Override
    protected void writePost(Post post) {
        store.addPost(post);
    }

    @Override
    protected void writeDelete(long postId, Instant at) {
        store.deletePost(postId, at);
    }

    @Override
    protected void writeFollow(long follower, long followee, boolean add) {
        if (add) {
            store.follow(follower, followee);
        } else {
            store.unfollow(follower, followee);
        }
    }

    @Override
    protected void writeBlock(long blocker, long blocked) {
        store.block(blocker, blocked);
    }

    @Override
    protected void writeMute(long muter, long muted, boolean add) {
        if (add) {
            store.mute(muter, muted);
        } else {
            store.unmute(muter, muted);
        }
    }
}
