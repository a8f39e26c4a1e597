package dev.feedkit.jdbc;

import dev.feedkit.AuthorPostSource;
import dev.feedkit.FollowerSource;
import dev.feedkit.testkit.FollowerSourceContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The follower contract over the README's host schema and the host's followers, follower_count and author_posts SQL. */
final class HostFollowerSourceContractTest extends FollowerSourceContract {
    private HostSchema host;
    private JdbcFeedStore store;

    @BeforeAll
    void load() {
        host = HostSchema.create(followerData());
        store = host.builder().build();
    }

    @AfterAll
    void drop() {
        if (host != null) {
            host.close();
        }
    }

    @Override
    protected FollowerSource followers() {
        return store;
    }

    @Override
    protected AuthorPostSource authorPosts() {
        return store;
    }
}
