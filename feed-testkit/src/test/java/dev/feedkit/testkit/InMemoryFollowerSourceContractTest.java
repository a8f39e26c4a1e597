package dev.feedkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.AuthorPostSource;
import dev.feedkit.Deadline;
import dev.feedkit.FollowerSource;
import org.junit.jupiter.api.Test;

/** Runs the follower contract against {@link InMemoryFeedStore}, whose follower index follows its edits. */
final class InMemoryFollowerSourceContractTest extends FollowerSourceContract {
    private final InMemoryFeedStore store = InMemoryFeedStore.of(followerData());

    @Override
    protected FollowerSource followers() {
        return store;
    }

    @Override
    protected AuthorPostSource authorPosts() {
        return store;
    }

    @Test
    void follows_and_unfollows_change_the_followers_at_once() {
        InMemoryFeedStore s = InMemoryFeedStore.create();
        for (long id = 1; id <= 4; id++) {
            s.addUser(new DemoData.User(id, "u" + id, "User " + id, null, false, DemoData.BASE));
        }
        s.follow(3, 1);
        s.follow(2, 1);
        s.follow(4, 1);
        s.unfollow(3, 1);
        s.block(2, 1);
        long[] out = new long[10];
        assertThat(s.followers(1, -1, out, Deadline.none())).isEqualTo(2);
        assertThat(out).startsWith(2, 4);
        assertThat(s.followerCount(1, 10, Deadline.none())).isEqualTo(2);
    }
}
