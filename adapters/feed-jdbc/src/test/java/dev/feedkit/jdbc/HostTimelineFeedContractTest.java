package dev.feedkit.jdbc;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedSource;
import dev.feedkit.Post;
import dev.feedkit.testkit.TimelineFeedContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The timeline feed contract (fan-out, follows, blocks, mutes, pulled authors) over the README's
 * host schema, every statement the host's own; writes go to the host's tables.
 */
final class HostTimelineFeedContractTest extends TimelineFeedContract {
    private HostSchema host;
    private JdbcFeedStore store;

    @BeforeAll
    void load() {
        host = HostSchema.create(timelineData());
        store = host.builder().build();
    }

    @AfterAll
    void drop() {
        if (host != null) {
            host.close();
        }
    }

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
        update("INSERT INTO %s.articles (article_id, writer_id, content, published_at, hearts, comments_count)"
                + " VALUES (?, ?, ?, ?, 0, 0)", post.id(), post.authorId(), post.body(), Timestamp.from(post.createdAt()));
    }

    @Override
    protected void writeDelete(long postId, Instant at) {
        update("UPDATE %s.articles SET removed_at = ? WHERE article_id = ?", Timestamp.from(at), postId);
    }

    @Override
    protected void writeFollow(long follower, long followee, boolean add) {
        if (add) {
            update("INSERT INTO %s.subscriptions (subscriber, publisher) VALUES (?, ?)", follower, followee);
        } else {
            update("DELETE FROM %s.subscriptions WHERE subscriber = ? AND publisher = ?", follower, followee);
        }
    }

    @Override
    protected void writeBlock(long blocker, long blocked) {
        update("INSERT INTO %s.blocklist (owner_id, target_id) VALUES (?, ?)", blocker, blocked);
    }

    @Override
    protected void writeMute(long muter, long muted, boolean add) {
        if (add) {
            update("INSERT INTO %s.silenced (account_id, silenced_account_id) VALUES (?, ?)", muter, muted);
        } else {
            update("DELETE FROM %s.silenced WHERE account_id = ? AND silenced_account_id = ?", muter, muted);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = host.dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(String.format(sql, '"' + host.schema + '"'))) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
