package dev.feedkit.jdbc;

import dev.feedkit.DemoData;
import dev.feedkit.Media;
import dev.feedkit.Post;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/*
 * Why COPY and one transaction: COPY FROM STDIN streams rows without a round trip per row or per
 * batch; a million posts with their media and tags are a few million rows. Only one COPY can be
 * active on a connection, so posts, media and tags are three passes over DemoData's post view
 * (each Post is built on access, never all held at once), each streaming rows into a 256 KiB
 * buffer. Everything runs in one transaction: a failed load leaves the schema empty. Text that
 * PostgreSQL cannot hold (U+0000, unpaired surrogates) is stored as U+FFFD, see PgText.
 */

/** Writes a {@link DemoData} into an empty, migrated schema with {@code COPY}. */
final class DemoLoader {
    private static final int FLUSH_CHARS = 256 * 1024;
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

    private final DataSource dataSource;
    private final String quotedSchema;

    DemoLoader(DataSource dataSource, String quotedSchema) {
        this.dataSource = dataSource;
        this.quotedSchema = quotedSchema;
    }

    JdbcFeedStore.Loaded load(DemoData data) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                requireEmpty(c);
                JdbcFeedStore.Loaded counts = copyAll(c.unwrap(PGConnection.class).getCopyAPI(), data, start);
                c.commit();
                return counts;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private void requireEmpty(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM (SELECT 1 FROM " + quotedSchema + ".users LIMIT 1) u")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                throw new IllegalStateException("schema " + quotedSchema + " already holds users; demo data loads "
                        + "only into an empty schema (migrate a fresh one, e.g. JdbcFeedStore.fromUrl(url, \"demo\"))");
            }
        }
    }

    private JdbcFeedStore.Loaded copyAll(CopyManager copy, DemoData data, long start) throws SQLException {
        long users = copyUsers(copy, data.users());
        long follows = copyEdges(copy, "follows (follower_id, followee_id, created_at)", data.follows());
        long blocks = copyEdges(copy, "blocks (blocker_id, blocked_id, created_at)", data.blocks());
        long posts = copyPosts(copy, data.posts());
        long media = copyMedia(copy, data.posts());
        long tags = copyTags(copy, data.posts());
        return new JdbcFeedStore.Loaded(users, follows, blocks, posts, media, tags,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private long copyUsers(CopyManager copy, List<DemoData.User> users) throws SQLException {
        try (Rows rows = new Rows(copy, "users (id, username, display_name, avatar_url, verified, created_at)")) {
            for (DemoData.User u : users) {
                StringBuilder r = rows.row().append(u.id()).append('\t');
                PgText.appendCopy(r, u.username());
                r.append('\t');
                PgText.appendCopy(r, u.displayName());
                r.append('\t');
                PgText.appendCopy(r, u.avatarUrl());
                r.append('\t').append(u.verified() ? 't' : 'f').append('\t');
                rows.end(time(r, u.createdAt()));
            }
            return rows.finish();
        }
    }

    private long copyEdges(CopyManager copy, String table, List<DemoData.Edge> edges) throws SQLException {
        try (Rows rows = new Rows(copy, table)) {
            for (DemoData.Edge e : edges) {
                rows.end(time(rows.row().append(e.from()).append('\t').append(e.to()).append('\t'), e.createdAt()));
            }
            return rows.finish();
        }
    }

    private long copyPosts(CopyManager copy, List<Post> posts) throws SQLException {
        try (Rows rows = new Rows(copy, "posts (id, author_id, body, created_at, deleted_at, like_count, reply_count)")) {
            for (Post p : posts) {
                StringBuilder r = rows.row().append(p.id()).append('\t').append(p.authorId()).append('\t');
                PgText.appendCopy(r, p.body());
                time(r.append('\t'), p.createdAt()).append('\t');
                (p.deletedAt() == null ? r.append("\\N") : time(r, p.deletedAt())).append('\t');
                rows.end(r.append(p.likeCount()).append('\t').append(p.replyCount()));
            }
            return rows.finish();
        }
    }

    private long copyMedia(CopyManager copy, List<Post> posts) throws SQLException {
        try (Rows rows = new Rows(copy, "media (post_id, position, kind, url, width, height)")) {
            for (Post p : posts) {
                for (int i = 0; i < p.media().size(); i++) {
                    Media m = p.media().get(i);
                    StringBuilder r = rows.row().append(p.id()).append('\t').append(i).append('\t')
                            .append(m.kind().wire()).append('\t');
                    PgText.appendCopy(r, m.url());
                    r.append('\t').append(m.width() == null ? "\\N" : m.width().toString())
                            .append('\t').append(m.height() == null ? "\\N" : m.height().toString());
                    rows.end(r);
                }
            }
            return rows.finish();
        }
    }

    private long copyTags(CopyManager copy, List<Post> posts) throws SQLException {
        try (Rows rows = new Rows(copy, "post_tags (post_id, tag)")) {
            for (Post p : posts) {
                for (String tag : p.tags()) {
                    StringBuilder r = rows.row().append(p.id()).append('\t');
                    PgText.appendCopy(r, tag);
                    rows.end(r);
                }
            }
            return rows.finish();
        }
    }

    private static StringBuilder time(StringBuilder r, Instant t) {
        return r.append(TS.format(OffsetDateTime.ofInstant(t, ZoneOffset.UTC)));
    }

    /** One COPY FROM STDIN in progress: rows are appended to a buffer sent every 256 KiB. */
    private final class Rows implements AutoCloseable {
        private final CopyIn in;
        private final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 4096);
        private long count;

        Rows(CopyManager copy, String table) throws SQLException {
            this.in = copy.copyIn("COPY " + quotedSchema + "." + table + " FROM STDIN");
        }

        StringBuilder row() {
            return buffer;
        }

        void end(StringBuilder row) throws SQLException {
            row.append('\n');
            count++;
            if (buffer.length() >= FLUSH_CHARS) {
                flush();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }

        long finish() throws SQLException {
            flush();
            in.endCopy();
            return count;
        }

        @Override
        public void close() throws SQLException {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }
}
