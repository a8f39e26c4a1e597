package dev.feedkit.jdbc;

import dev.feedkit.Deadline;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntitySink;
import dev.feedkit.EntityStore;
import dev.feedkit.LongSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/*
 * One round trip for every miss of a page. The five statements (posts, media, tags, authors,
 * relationships) go as ONE multi-statement PreparedStatement: pgjdbc sends Parse/Bind/Execute for
 * each and a single Sync, then reads the five results. The arrays are bound as typed int8[] with
 * setObject(i, long[]), so no statement needs a Describe round trip for unknown parameter types.
 *
 * The trap: QueryExecutorImpl.flushIfDeadlockRisk runs before each sub-statement. Once a
 * statement has been *described* (statement Describe: getMetaData(), unknown parameter types,
 * forced binary transfer), pgjdbc estimates its reply from the row description; a text column has
 * no upper bound, so it "disables batching for this query" and sends a Sync and waits for the
 * results before the next sub-statement: one round trip per statement. The defence:
 * setPrepareThreshold(0) on this statement keeps it a one-shot (unnamed) statement; sendParse
 * re-parses it on every execution and clears any described state, so the estimate never comes
 * from a row description and the five statements stay in one Sync. The cost is a re-parse and
 * re-plan of five small indexed queries per miss batch. RoundTripTest proves the single round trip
 * after warm-up with a counting TCP proxy, and shows the split without the defence.
 */

/** The PostgreSQL {@link EntityStore}: every miss of a page in one network round trip. */
final class JdbcEntityStore implements EntityStore {
    private final DataSource dataSource;
    private final Sql batch;

    JdbcEntityStore(DataSource dataSource, String quotedSchema) {
        this.dataSource = dataSource;
        this.batch = Sql.join("entities", statements(quotedSchema));
    }

    /** The statements of the batch, in the order their results are read. */
    static List<Sql> statements(String quotedSchema) {
        return List.of(Sql.load("posts.sql", quotedSchema), Sql.load("media.sql", quotedSchema),
                Sql.load("tags.sql", quotedSchema), Sql.load("authors.sql", quotedSchema),
                Sql.load("relationships.sql", quotedSchema));
    }

    Sql batch() {
        return batch;
    }

    @Override
    public void load(EntityKeys keys, EntitySink sink, Deadline deadline) {
        if (keys.isEmpty()) {
            return;
        }
        Calls.checkDeadline("entity load", deadline);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(batch.text())) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(0);
            Calls.applyDeadline("entity load", ps, deadline);
            bind(ps, keys);
            ps.execute();
            read(ps, keys.posts().size(), sink);
        } catch (SQLException e) {
            throw Calls.unavailable("entity load of " + keys.size() + " keys for viewer " + keys.viewerId(), e);
        }
    }

    void bind(PreparedStatement ps, EntityKeys keys) throws SQLException {
        long[] posts = keys.posts().toArray();
        batch.bind(ps, "post_ids", posts);
        batch.bind(ps, "author_ids", keys.authors().toArray());
        batch.bind(ps, "viewer_id", keys.viewerId());
        batch.bind(ps, "relationship_ids", keys.relationships().toArray());
    }

    private static void read(PreparedStatement ps, int expectedPosts, EntitySink sink) throws SQLException {
        LongSet ids = new LongSet(Math.max(4, expectedPosts));
        List<PostMapper.Draft> drafts = new ArrayList<>(expectedPosts);
        try (ResultSet rs = ps.getResultSet()) {
            while (rs.next()) {
                PostMapper.Draft d = PostMapper.read(rs);
                ids.add(d.id);
                drafts.add(d);
            }
        }
        readMedia(next(ps, "media"), ids, drafts);
        readTags(next(ps, "tags"), ids, drafts);
        for (PostMapper.Draft d : drafts) {
            sink.post(d.build());
        }
        readAuthors(next(ps, "authors"), sink);
        readRelationships(next(ps, "relationships"), sink);
    }

    // A media or tag row whose post row is missing (a post removed between the statements, which
    // each see their own snapshot under READ COMMITTED) is skipped with that post.

    private static void readMedia(ResultSet rs, LongSet ids, List<PostMapper.Draft> drafts) throws SQLException {
        try (rs) {
            while (rs.next()) {
                int i = ids.indexOf(MediaMapper.postId(rs));
                if (i >= 0) {
                    drafts.get(i).media.add(MediaMapper.read(rs));
                }
            }
        }
    }

    private static void readTags(ResultSet rs, LongSet ids, List<PostMapper.Draft> drafts) throws SQLException {
        try (rs) {
            while (rs.next()) {
                int i = ids.indexOf(TagMapper.postId(rs));
                if (i >= 0) {
                    drafts.get(i).tags.add(TagMapper.read(rs));
                }
            }
        }
    }

    private static void readAuthors(ResultSet rs, EntitySink sink) throws SQLException {
        try (rs) {
            while (rs.next()) {
                sink.author(AuthorMapper.read(rs));
            }
        }
    }

    private static void readRelationships(ResultSet rs, EntitySink sink) throws SQLException {
        try (rs) {
            while (rs.next()) {
                sink.relationship(RelationshipMapper.authorId(rs), RelationshipMapper.read(rs));
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
