package dev.feedkit.jdbc;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedSource;
import dev.feedkit.Post;
import dev.feedkit.testkit.DemoLoader;
import dev.feedkit.testkit.TimelineFeedContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The timeline feed contract on PostgreSQL alone, with in-memory timelines; writes go through plain JDBC. */
final class JdbcTimelineFeedContractTest extends TimelineFeedContract {
    private TestDb db;

    @BeforeAll
    void load() {
        db = TestDb.create();
        DemoLoader.copy(db.store.dataSource(), db.store.schema(), timelineData());
    }

    @AfterAll
    void drop() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected FeedAssembler.Builder configure(FeedAssembler.Builder builder) {
        return builder.source(db.store).store(db.store).timelineCapacity(CAPACITY);
    }

    @Override
    protected FeedSource oracle() {
        return db.store;
    }

    @Override
    protected void writePost(Post post) {
        update("INSERT INTO %s.posts (id, author_id, body, created_at) VALUES (?, ?, ?, ?)", post.id(),
                post.authorId(), post.body(), Timestamp.from(post.createdAt()));
    }

    @Override
    protected void writeDelete(long postId, Instant at) {
        update("UPDATE %s.posts SET deleted_at = ? WHERE id = ?", Timestamp.from(at), postId);
    }

    @Override
    protected void writeFollow(long follower, long followee, boolean add) {
        if (add) {
            update("INSERT INTO %s.follows (follower_id, followee_id, created_at) VALUES (?, ?, now())", follower,
                    followee);
        } else {
            update("DELETE FROM %s.follows WHERE follower_id = ? AND followee_id = ?", follower, followee);
        }
    }

    @Override
    protected void writeBlock(long blocker, long blocked) {
        update("INSERT INTO %s.blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, now())", blocker, blocked);
    }

    @Override
    protected void writeMute(long muter, long muted, boolean add) {
        if (add) {
            update("INSERT INTO %s.mutes (muter_id, muted_id, created_at) VALUES (?, ?, now())", muter, muted);
        } else {
            update("DELETE FROM %s.mutes WHERE muter_id = ? AND muted_id = ?", muter, muted);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.store.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(String.format(sql, db.store.schema()))) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
