package dev.feedkit.testkit;

import dev.feedkit.Media;
import dev.feedkit.Post;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Why COPY and one transaction: COPY FROM STDIN streams rows without a round trip per row or per
 * batch; a million posts with their media and tags are a few million rows. Only one COPY can be
 * active on a connection and building a post (DemoData makes each on access) costs more than
 * copying it, so one pass over the posts streams them into COPY and spools their media and tags
 * rows to two temporary files, COPYed right after; memory stays flat whatever the size. Foreign keys and secondary indexes would cost a trigger call and an index insert per
 * row, so the load reads their definitions from the catalog, drops them, COPYs, and re-creates
 * them (one sort per index, one anti-join per foreign key, which still validates every row),
 * then VACUUM ANALYZEs. The load runs in one transaction: a failed load leaves the schema empty. Text that
 * PostgreSQL cannot hold (U+0000, unpaired surrogates) is stored as U+FFFD, see PgText.
 */

/**
 * Writes a {@link DemoData} into an empty schema of the reference model (migrated with
 * {@code JdbcFeedStore.migrate()}) with {@code COPY}. Test and demo data only: it is not part of
 * feed-jdbc's API. Needs pgjdbc on the class path (an optional dependency of feed-testkit).
 */
public final class DemoLoader {
    private static final Logger LOG = LoggerFactory.getLogger(DemoLoader.class);
    private static final int FLUSH_CHARS = 256 * 1024;
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

    private final DataSource dataSource;
    private final String quotedSchema;

    private DemoLoader(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.quotedSchema = '"' + schema.replace("\"", "\"\"") + '"';
    }

    /**
     * Writes {@code data} into {@code schema} with {@code COPY}, in one transaction. The schema must
     * be migrated and hold no users. Text PostgreSQL cannot store (U+0000, unpaired surrogates) is
     * stored as U+FFFD; everything else exactly, timestamps to the microsecond.
     *
     * @param dataSource the database
     * @param schema the migrated, empty schema
     * @param data the generated data set
     * @return how many rows each table received, and how long it took
     * @throws IllegalStateException if the schema already holds users, or a COPY fails
     */
    public static Loaded copy(DataSource dataSource, String schema, DemoData data) {
        Objects.requireNonNull(data, "data");
        try {
            return new DemoLoader(Objects.requireNonNull(dataSource, "dataSource"), schema).load(data);
        } catch (SQLException e) {
            throw new IllegalStateException("demo data COPY into " + schema + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code data} as {@link #copy} does if the schema holds no users yet, and otherwise
     * leaves it as it is: a demo server calls this on every start. The schema does not record which
     * data set it holds; name it after the data's settings (for example
     * {@code demo_s42_u10000_p200000}) so that other settings load into another schema.
     *
     * @param dataSource the database
     * @param schema the migrated schema
     * @param data the generated data set
     * @return what was written, or empty if the schema already held users
     * @throws IllegalStateException if a COPY fails
     */
    public static Optional<Loaded> copyIfEmpty(DataSource dataSource, String schema, DemoData data) {
        Objects.requireNonNull(data, "data");
        try {
            DemoLoader loader = new DemoLoader(Objects.requireNonNull(dataSource, "dataSource"), schema);
            return loader.isEmpty() ? Optional.of(loader.load(data)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("demo data COPY into " + schema + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the text PostgreSQL stores for {@code text}: U+0000 and unpaired surrogates become
     * U+FFFD, everything else is kept. Tests compare what they read back against this.
     *
     * @param text the text, may be null
     * @return the storable text, null for null
     */
    public static String storable(String text) {
        return PgText.storable(text);
    }

    private static String bulkLoadDdl() {
        try (InputStream in = DemoLoader.class.getResourceAsStream("bulk_load_ddl.sql")) {
            if (in == null) {
                throw new IllegalStateException("bulk_load_ddl.sql is missing from the feed-testkit jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read bulk_load_ddl.sql", e);
        }
    }

    /**
     * What {@link #copy} wrote.
     *
     * @param users rows in {@code users}
     * @param follows rows in {@code follows}
     * @param blocks rows in {@code blocks}
     * @param mutes rows in {@code mutes}
     * @param posts rows in {@code posts}
     * @param media rows in {@code media}
     * @param tags rows in {@code post_tags}
     * @param took how long the load took, commit included
     */
    public record Loaded(long users, long follows, long blocks, long mutes, long posts, long media, long tags,
            Duration took) {

        Loaded took(Duration total) {
            return new Loaded(users, follows, blocks, mutes, posts, media, tags, total);
        }
    }

    private Loaded load(DemoData data) throws SQLException {
        long start = System.nanoTime();
        Loaded counts = copyInOneTransaction(data, start);
        vacuumAnalyze();
        return counts.took(Duration.ofNanos(System.nanoTime() - start));
    }

    /*
     * VACUUM after a bulk load: right after COPY the visibility map is empty, so the keyset query's
     * index-only scans visit the heap, and the planner has no statistics. The benchmarks measured
     * the keyset query of a viewer with 220 follows at 9-16 ms straight after the load and 1.3-3 ms
     * after VACUUM ANALYZE. VACUUM cannot run inside a transaction, so it runs after the commit.
     */
    private void vacuumAnalyze() throws SQLException {
        long began = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            execute(c, List.of("VACUUM (ANALYZE) " + quotedSchema + ".users, " + quotedSchema + ".follows, "
                    + quotedSchema + ".blocks, " + quotedSchema + ".mutes, " + quotedSchema + ".posts, " + quotedSchema + ".media, "
                    + quotedSchema + ".post_tags"));
        }
        LOG.info("vacuumed and analyzed in {} ms", (System.nanoTime() - began) / 1_000_000);
    }

    private Loaded copyInOneTransaction(DemoData data, long start) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                requireEmpty(c);
                List<String> restore = dropForeignKeysAndIndexes(c);
                Loaded counts = copyAll(c.unwrap(PGConnection.class).getCopyAPI(), data, start);
                long restoring = System.nanoTime();
                execute(c, List.of("SET LOCAL maintenance_work_mem = '256MB'"));
                execute(c, restore);
                c.commit();
                LOG.info("re-created {} indexes and foreign keys and committed in {} ms", restore.size(),
                        (System.nanoTime() - restoring) / 1_000_000);
                return counts;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private boolean isEmpty() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return !hasUsers(c);
        }
    }

    private boolean hasUsers(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + quotedSchema + ".users)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private void requireEmpty(Connection c) throws SQLException {
        if (hasUsers(c)) {
            throw new IllegalStateException("schema " + quotedSchema + " already holds users; demo data loads "
                    + "only into an empty schema (migrate a fresh one, e.g. JdbcFeedStore.fromUrl(url, \"demo\"))");
        }
    }

    /** Drops foreign keys and non-unique indexes; returns the DDL that re-creates them, indexes first. */
    private List<String> dropForeignKeysAndIndexes(Connection c) throws SQLException {
        List<String> drop = new ArrayList<>();
        List<String> restore = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(bulkLoadDdl())) {
            q.setString(1, quotedSchema);
            q.setString(2, quotedSchema);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    drop.add(rs.getString("drop_ddl"));
                    restore.add(rs.getString("restore_ddl"));
                }
            }
        }
        execute(c, drop);
        return restore;
    }

    private static void execute(Connection c, List<String> ddl) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String d : ddl) {
                s.execute(d);
            }
        }
    }

    private Loaded copyAll(CopyManager copy, DemoData data, long start) throws SQLException {
        long users = copyUsers(copy, data.users());
        long follows = copyEdges(copy, "follows (follower_id, followee_id, created_at)", data.follows());
        long blocks = copyEdges(copy, "blocks (blocker_id, blocked_id, created_at)", data.blocks());
        long mutes = copyEdges(copy, "mutes (muter_id, muted_id, created_at)", data.mutes());
        long[] posts;
        try {
            posts = copyPostsMediaTags(copy, data.posts());
        } catch (IOException e) {
            throw new SQLException("cannot spool media and tags rows to a temporary file: " + e.getMessage(), "58030", e);
        }
        return new Loaded(users, follows, blocks, mutes, posts[0], posts[1], posts[2],
                Duration.ofNanos(System.nanoTime() - start));
    }

    private long copyUsers(CopyManager copy, List<DemoData.User> users) throws SQLException {
        try (Rows rows = new Rows(copy, "users (id, username, display_name, avatar_url, verified, created_at, extra)")) {
            for (DemoData.User u : users) {
                StringBuilder r = rows.row().append(u.id()).append('\t');
                PgText.appendCopy(r, u.username());
                r.append('\t');
                PgText.appendCopy(r, u.displayName());
                r.append('\t');
                PgText.appendCopy(r, u.avatarUrl());
                r.append('\t').append(u.verified() ? 't' : 'f').append('\t');
                time(r, u.createdAt()).append('\t');
                PgText.appendCopy(r, u.extra());
                rows.end(r);
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

    /** One pass over the posts: posts go to COPY, media and tags rows to spool files copied next. */
    private long[] copyPostsMediaTags(CopyManager copy, List<Post> posts) throws SQLException, IOException {
        Path media = Files.createTempFile("feedkit-media", ".copy");
        Path tags = Files.createTempFile("feedkit-tags", ".copy");
        try {
            long[] counts = new long[3];
            try (Rows rows = new Rows(copy, "posts (id, author_id, body, created_at, deleted_at, like_count, reply_count, extra)");
                    Writer m = Files.newBufferedWriter(media, StandardCharsets.UTF_8);
                    Writer t = Files.newBufferedWriter(tags, StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder(256);
                for (Post p : posts) {
                    rows.end(postRow(rows.row(), p));
                    counts[1] += spoolMedia(m, line, p);
                    counts[2] += spoolTags(t, line, p);
                }
                counts[0] = rows.finish();
            }
            copyFile(copy, "media (post_id, position, kind, url, width, height)", media, counts[1]);
            copyFile(copy, "post_tags (post_id, tag)", tags, counts[2]);
            return counts;
        } finally {
            Files.deleteIfExists(media);
            Files.deleteIfExists(tags);
        }
    }

    private static StringBuilder postRow(StringBuilder r, Post p) {
        r.append(p.id()).append('\t').append(p.authorId()).append('\t');
        PgText.appendCopy(r, p.body());
        time(r.append('\t'), p.createdAt()).append('\t');
        (p.deletedAt() == null ? r.append("\\N") : time(r, p.deletedAt())).append('\t');
        r.append(p.likeCount()).append('\t').append(p.replyCount()).append('\t');
        PgText.appendCopy(r, p.extra());
        return r;
    }

    private static int spoolMedia(Writer out, StringBuilder line, Post p) throws IOException {
        for (int i = 0; i < p.media().size(); i++) {
            Media m = p.media().get(i);
            line.setLength(0);
            line.append(p.id()).append('\t').append(i).append('\t').append(m.kind().wire()).append('\t');
            PgText.appendCopy(line, m.url());
            line.append('\t').append(m.width() == null ? "\\N" : m.width().toString())
                    .append('\t').append(m.height() == null ? "\\N" : m.height().toString()).append('\n');
            out.append(line);
        }
        return p.media().size();
    }

    private static int spoolTags(Writer out, StringBuilder line, Post p) throws IOException {
        for (String tag : p.tags()) {
            line.setLength(0);
            line.append(p.id()).append('\t');
            PgText.appendCopy(line, tag);
            out.append(line.append('\n'));
        }
        return p.tags().size();
    }

    private void copyFile(CopyManager copy, String table, Path file, long rows) throws SQLException, IOException {
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            copy.copyIn("COPY " + quotedSchema + "." + table + " FROM STDIN", in, 256 * 1024);
        }
        LOG.info("copied {} rows into {}.{} in {} ms", rows, quotedSchema, table.substring(0, table.indexOf(' ')),
                (System.nanoTime() - start) / 1_000_000);
    }

    private static StringBuilder time(StringBuilder r, Instant t) {
        return r.append(TS.format(OffsetDateTime.ofInstant(t, ZoneOffset.UTC)));
    }

    /** One COPY FROM STDIN in progress: rows are appended to a buffer sent every 256 KiB. */
    private final class Rows implements AutoCloseable {
        private final CopyIn in;
        private final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 4096);
        private long count;

        private final String table;
        private final long start = System.nanoTime();

        Rows(CopyManager copy, String table) throws SQLException {
            this.table = table.substring(0, table.indexOf(' '));
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
            LOG.info("copied {} rows into {}.{} in {} ms", count, quotedSchema, table,
                    (System.nanoTime() - start) / 1_000_000);
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
