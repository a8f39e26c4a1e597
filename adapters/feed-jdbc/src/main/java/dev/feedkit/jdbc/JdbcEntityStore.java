package dev.feedkit.jdbc;

import dev.feedkit.Deadline;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.EntityStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.jdbc.PgConnection;

/*
 * One round trip for every miss of a page. The five statements (posts, media, tags, authors,
 * relationships) go as ONE multi-statement PreparedStatement: pgjdbc sends Parse/Bind/Execute for
 * each and a single Sync, then reads the five results. After prepareThreshold executions (5 by
 * default) they become named server-side statements, parsed and planned once per connection.
 *
 * The trap (pgjdbc QueryExecutorImpl.flushIfDeadlockRisk, run before each sub-statement): once a
 * statement has been *described* (a statement Describe: getMetaData(), parameters of unknown type
 * when it becomes a named statement, or prepareThreshold < 0 forcing binary transfer), pgjdbc
 * sizes its reply from the row description; a text column has no upper bound, so it disables
 * batching, sends a Sync and waits before the next sub-statement: one round trip per statement.
 * With pgjdbc 42.7.13 a described multi-statement text is worse: result formats are bound to the
 * wrong sub-statement ("bind message has 5 result formats but query has 7 columns") and the cached
 * statement stays broken on that connection. So nothing may describe this statement:
 *   - every parameter has a type twice over: setObject(i, long[]) / setObject(i, Long) send int8[]
 *     and int8, and the SQL casts each one (:post_ids::bigint[]), so no Describe is ever needed;
 *   - a connection with prepareThreshold < 0 is refused with a message naming the setting;
 *   - nothing calls getMetaData() on the batch text (SchemaValidationTest describes each
 *     statement's own text, on its own connection).
 * setPrepareThreshold(0) (one-shot statements) was measured and rejected: it guards none of these
 * paths (a described one-shot batch fails the same way) and re-planning five statements made a
 * 100-item load 70 % slower (about 700 vs 420 us here). RoundTripTest counts round trips with a
 * TCP proxy: one per load over 30 loads of 100-item pages with text columns (named statements from
 * the 6th on), and five when the same statements are sent one by one.
 */

/** The PostgreSQL {@link EntityStore}: every miss of a page in one network round trip. */
final class JdbcEntityStore implements EntityStore {
    private final DataSource dataSource;
    private final Sql batch;

    JdbcEntityStore(DataSource dataSource, Map<Statement, Sql> statements) {
        this.dataSource = dataSource;
        this.batch = Sql.join("entities", Statement.BATCH.stream().map(statements::get).toList());
    }

    /** The reference statements of the batch, in the order their results are read. */
    static List<Sql> statements(String quotedSchema) {
        Map<Statement, Sql> all = FeedStatements.reference().resolve(quotedSchema);
        return Statement.BATCH.stream().map(all::get).toList();
    }

    Sql batch() {
        return batch;
    }

    @Override
    public void load(EntityKeys keys, Entities into, Deadline deadline) {
        if (keys.isEmpty()) {
            return;
        }
        Calls.checkDeadline("entity load", deadline);
        try (Connection c = Calls.borrow(dataSource, "entity load", deadline);
                Calls.Guard g = Calls.guard(dataSource, c, deadline);
                PreparedStatement ps = c.prepareStatement(batch.text())) {
            refuseForcedBinary(c);
            g.bound("entity load", ps);
            bind(ps, keys);
            ps.execute();
            read(ps, keys, into);
        } catch (SQLException e) {
            throw Calls.unavailable("entity load of " + keys.size() + " keys for viewer " + keys.viewerId(), e);
        }
    }

    private static void refuseForcedBinary(Connection c) throws SQLException {
        if (c.isWrapperFor(PgConnection.class) && c.unwrap(PgConnection.class).getForceBinary()) {
            throw new IllegalStateException("feed-jdbc needs pgjdbc's prepareThreshold >= 0, was "
                    + c.unwrap(PgConnection.class).getPrepareThreshold() + " (force binary transfer): it makes pgjdbc"
                    + " describe the one-round-trip batch and split or mis-bind it; remove prepareThreshold from the"
                    + " JDBC URL or DataSource");
        }
    }

    void bind(PreparedStatement ps, EntityKeys keys) throws SQLException {
        batch.bind(ps, "post_ids", keys.toArray(EntityKind.POST));
        batch.bind(ps, "author_ids", keys.toArray(EntityKind.AUTHOR));
        batch.bind(ps, "viewer_id", keys.viewerId());
        batch.bind(ps, "relationship_ids", keys.toArray(EntityKind.RELATIONSHIP));
    }

    /** Reads the five results; post rows are kept at the index of their key until media and tags are in. */
    private static void read(PreparedStatement ps, EntityKeys keys, Entities into) throws SQLException {
        PostMapper.Draft[] drafts = new PostMapper.Draft[keys.size(EntityKind.POST)];
        try (ResultSet rs = ps.getResultSet()) {
            int extra = Column.indexIn(rs, "extra");
            while (rs.next()) {
                PostMapper.Draft d = PostMapper.read(rs, extra);
                int i = keys.indexOf(EntityKind.POST, d.id);
                if (i >= 0) {
                    drafts[i] = d;
                }
            }
        }
        readMedia(next(ps, "media"), keys, drafts);
        readTags(next(ps, "tags"), keys, drafts);
        for (PostMapper.Draft d : drafts) {
            if (d != null) {
                into.post(d.build());
            }
        }
        readAuthors(next(ps, "authors"), into);
        readRelationships(next(ps, "relationships"), into);
    }

    // A media or tag row whose post row is missing (a post removed between the statements, which
    // each see their own snapshot under READ COMMITTED) is skipped with that post.

    private static void readMedia(ResultSet rs, EntityKeys keys, PostMapper.Draft[] drafts) throws SQLException {
        try (rs) {
            while (rs.next()) {
                PostMapper.Draft d = draft(keys, drafts, MediaMapper.postId(rs));
                if (d != null) {
                    d.media(MediaMapper.read(rs));
                }
            }
        }
    }

    private static void readTags(ResultSet rs, EntityKeys keys, PostMapper.Draft[] drafts) throws SQLException {
        try (rs) {
            while (rs.next()) {
                PostMapper.Draft d = draft(keys, drafts, TagMapper.postId(rs));
                if (d != null) {
                    d.tag(TagMapper.read(rs));
                }
            }
        }
    }

    private static PostMapper.Draft draft(EntityKeys keys, PostMapper.Draft[] drafts, long postId) {
        int i = keys.indexOf(EntityKind.POST, postId);
        return i >= 0 ? drafts[i] : null;
    }

    private static void readAuthors(ResultSet rs, Entities into) throws SQLException {
        try (rs) {
            int extra = Column.indexIn(rs, "extra");
            while (rs.next()) {
                into.author(AuthorMapper.read(rs, extra));
            }
        }
    }

    private static void readRelationships(ResultSet rs, Entities into) throws SQLException {
        try (rs) {
            while (rs.next()) {
                into.relationship(RelationshipMapper.authorId(rs), RelationshipMapper.read(rs));
            }
        }
    }

    private static ResultSet next(PreparedStatement ps, String what) throws SQLException {
        if (!ps.getMoreResults()) {
            throw new SQLException("entity batch returned no result for " + what);
        }
        return ps.getResultSet();
    }
}
