package dev.feedkit.jdbc;

import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.FeedSource;
import dev.feedkit.Keyset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/*
 * The keyset query (candidates.sql) reads at most `max` rows per followed author from the partial
 * index posts(author_id, created_at DESC, id DESC) WHERE deleted_at IS NULL and merges them, so its
 * cost grows with the number of followed authors times the page size, never with how much any
 * author has posted. Keyset.START is bound as +infinity (pgjdbc sends OffsetDateTime.MAX as
 * 'infinity'), which every real timestamp precedes.
 */

/** The PostgreSQL {@link FeedSource}: one keyset query per page. */
final class JdbcFeedSource implements FeedSource {
    private final DataSource dataSource;
    private final Sql sql;

    JdbcFeedSource(DataSource dataSource, Sql sql) {
        this.dataSource = dataSource;
        this.sql = sql;
    }

    Sql sql() {
        return sql;
    }

    @Override
    public void candidates(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        Calls.checkDeadline("feed candidates", deadline);
        try (Connection c = Calls.borrow(dataSource, "feed candidates", deadline);
                Calls.Guard g = Calls.guard(dataSource, c, deadline);
                PreparedStatement ps = c.prepareStatement(sql.text())) {
            g.bound("feed candidates", ps);
            bind(ps, viewerId, after, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CandidateMapper.read(rs, out);
                }
            }
        } catch (SQLException e) {
            throw Calls.unavailable("feed candidates of viewer " + viewerId, e);
        }
    }

    void bind(PreparedStatement ps, long viewerId, Keyset after, int max) throws SQLException {
        sql.bind(ps, "viewer_id", viewerId);
        sql.bind(ps, "after_created_at", after.isStart() ? OffsetDateTime.MAX : at(after.createdAtMicros()));
        sql.bind(ps, "after_id", after.postId());
        sql.bind(ps, "max", max);
    }

    private static OffsetDateTime at(long micros) {
        return Keyset.instant(micros).atOffset(ZoneOffset.UTC);
    }
}
