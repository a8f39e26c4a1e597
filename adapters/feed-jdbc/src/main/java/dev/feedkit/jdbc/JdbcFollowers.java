package dev.feedkit.jdbc;

import dev.feedkit.AuthorPostSource;
import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.FollowerSource;
import dev.feedkit.Keyset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/*
 * What fan-out on write reads from PostgreSQL: followers in id batches (followers.sql), a bounded
 * follower count (follower_count.sql) and one author's keyset page (author_posts.sql), each one
 * statement on the indexes of V1__schema.sql. Deadlines and failures are handled as in
 * JdbcFeedSource (Calls).
 */

/** The PostgreSQL {@link FollowerSource} and {@link AuthorPostSource}: one statement per call. */
final class JdbcFollowers implements FollowerSource, AuthorPostSource {
    private final DataSource dataSource;
    private final Sql followers;
    private final Sql count;
    private final Sql posts;

    JdbcFollowers(DataSource dataSource, Map<Statement, Sql> statements) {
        this.dataSource = dataSource;
        this.followers = statements.get(Statement.FOLLOWERS);
        this.count = statements.get(Statement.FOLLOWER_COUNT);
        this.posts = statements.get(Statement.AUTHOR_POSTS);
    }

    /** The reference statements of this class, for schema validation tests. */
    static List<Sql> statements(String quotedSchema) {
        JdbcFollowers f = new JdbcFollowers(null, FeedStatements.reference().resolve(quotedSchema));
        return List.of(f.followers, f.count, f.posts);
    }

    @Override
    public int followers(long authorId, long afterId, long[] out, Deadline deadline) {
        if (out.length == 0) {
            return 0;
        }
        String what = "followers of user " + authorId;
        return query(what, followers, deadline, ps -> {
            followers.bind(ps, "author_id", authorId);
            followers.bind(ps, "after_id", afterId);
            followers.bind(ps, "max", out.length);
        }, rs -> {
            int n = 0;
            while (rs.next()) {
                out[n++] = rs.getLong("follower_id");
            }
            return n;
        });
    }

    @Override
    public long followerCount(long authorId, long atMost, Deadline deadline) {
        if (atMost < 1) {
            throw new IllegalArgumentException("atMost must be at least 1, was " + atMost);
        }
        return query("follower count of user " + authorId, count, deadline, ps -> {
            count.bind(ps, "author_id", authorId);
            count.bind(ps, "at_most", atMost);
        }, rs -> rs.next() ? rs.getLong("followers") : 0L);
    }

    @Override
    public void authorPosts(long authorId, Keyset after, int max, Candidates out, Deadline deadline) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        query("posts of user " + authorId, posts, deadline, ps -> {
            posts.bind(ps, "author_id", authorId);
            posts.bind(ps, "after_created_at", after.isStart() ? OffsetDateTime.MAX
                    : Keyset.instant(after.createdAtMicros()).atOffset(ZoneOffset.UTC));
            posts.bind(ps, "after_id", after.postId());
            posts.bind(ps, "max", max);
        }, rs -> {
            while (rs.next()) {
                CandidateMapper.read(rs, out);
            }
            return null;
        });
    }

    private <T> T query(String what, Sql sql, Deadline deadline, Binder binder, Reader<T> reader) {
        Calls.checkDeadline(what, deadline);
        try (Connection c = Calls.borrow(dataSource, what, deadline);
                Calls.Guard g = Calls.guard(dataSource, c, deadline);
                PreparedStatement ps = c.prepareStatement(sql.text())) {
            g.bound(what, ps);
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw Calls.unavailable(what, e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }
}
