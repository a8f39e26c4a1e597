package dev.feedkit.bench;

import dev.feedkit.Author;
import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.Keyset;
import dev.feedkit.Media;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import dev.feedkit.jdbc.JdbcFeedStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * The store on the real PostgreSQL (FEEDKIT_PG_URL), in a schema of its own created, loaded with
 * DemoData (COPY) and dropped by the benchmark. Every variant loads the same entities of one
 * 20-item page (posts with media and tags, their authors, the viewer's relationships) into the
 * pipeline's Entities sink:
 *   batch        JdbcFeedStore.load: five statements in ONE network round trip;
 *   threeQueries posts (media and tags as array subqueries), authors, relationships: 3 round trips;
 *   nPlusOne     per post: post, media, tags, author, relationship: 5 round trips per item.
 * Each variant borrows one pooled connection per page. Setup checks that all three deliver the
 * same number of posts, authors and relationships.
 */

/** One-round-trip batch load vs three queries vs N+1 per item, on real PostgreSQL. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoreBench {
    private JdbcFeedStore pg;
    private EntityKeys keys;
    private Entities sink;
    private String posts;
    private String authors;
    private String relationships;
    private String post;
    private String media;
    private String tags;
    private String author;
    private String relationship;

    /**
     * Creates and loads the schema, and picks the sample viewer's first page.
     *
     * @throws SQLException if PostgreSQL fails
     */
    @Setup
    public void setUp() throws SQLException {
        DemoData data = DemoData.newBuilder().users(2_000).posts(40_000).meanFollows(50).seed(42).build();
        pg = Services.loadedSchema("fkbench_store", data);
        String s = '"' + pg.schema() + '"';
        posts = "SELECT p.id, p.author_id, p.body, p.created_at, p.deleted_at, p.like_count, p.reply_count,"
                + " ARRAY(SELECT m.kind FROM " + s + ".media m WHERE m.post_id = p.id ORDER BY m.position),"
                + " ARRAY(SELECT m.url FROM " + s + ".media m WHERE m.post_id = p.id ORDER BY m.position),"
                + " ARRAY(SELECT m.width FROM " + s + ".media m WHERE m.post_id = p.id ORDER BY m.position),"
                + " ARRAY(SELECT m.height FROM " + s + ".media m WHERE m.post_id = p.id ORDER BY m.position),"
                + " ARRAY(SELECT t.tag FROM " + s + ".post_tags t WHERE t.post_id = p.id ORDER BY t.tag)"
                + " FROM " + s + ".posts p WHERE p.id = ANY(?)";
        authors = "SELECT id, username, display_name, avatar_url, verified FROM " + s + ".users WHERE id = ANY(?)";
        relationships = "SELECT a.id,"
                + " EXISTS (SELECT 1 FROM " + s + ".follows f WHERE f.follower_id = ? AND f.followee_id = a.id),"
                + " EXISTS (SELECT 1 FROM " + s + ".follows f WHERE f.follower_id = a.id AND f.followee_id = ?),"
                + " EXISTS (SELECT 1 FROM " + s + ".blocks b WHERE b.blocker_id = ? AND b.blocked_id = a.id),"
                + " EXISTS (SELECT 1 FROM " + s + ".blocks b WHERE b.blocker_id = a.id AND b.blocked_id = ?)"
                + " FROM unnest(?) AS a(id)";
        post = "SELECT id, author_id, body, created_at, deleted_at, like_count, reply_count FROM " + s + ".posts WHERE id = ?";
        media = "SELECT kind, url, width, height FROM " + s + ".media WHERE post_id = ? ORDER BY position";
        tags = "SELECT tag FROM " + s + ".post_tags WHERE post_id = ? ORDER BY tag";
        author = "SELECT id, username, display_name, avatar_url, verified FROM " + s + ".users WHERE id = ?";
        relationship = relationships.replace("FROM unnest(?) AS a(id)", "FROM (SELECT ?::bigint AS id) a");
        keys = pageKeys(data.sampleViewer());
        sink = Entities.of(keys);
        int[] a = counts(batch());
        int[] b = counts(threeQueries());
        int[] c = counts(nPlusOne());
        if (a[0] != 20 || !java.util.Arrays.equals(a, b) || !java.util.Arrays.equals(a, c)) {
            throw new IllegalStateException("variants disagree: batch " + java.util.Arrays.toString(a) + ", three "
                    + java.util.Arrays.toString(b) + ", N+1 " + java.util.Arrays.toString(c));
        }
        System.out.println("# page keys: " + keys);
    }

    private EntityKeys pageKeys(long viewer) {
        Candidates c = new Candidates();
        pg.candidates(viewer, Keyset.START, 21, c, Deadline.after(Duration.ofSeconds(10)));
        int n = Math.min(20, c.size());
        long[] postIds = new long[n];
        long[] authorIds = new long[n];
        for (int i = 0; i < n; i++) {
            postIds[i] = c.postId(i);
            authorIds[i] = c.authorId(i);
        }
        return EntityKeys.of(viewer, postIds, authorIds);
    }

    private static int[] counts(Entities e) {
        return new int[] {e.count(EntityKind.POST), e.count(EntityKind.AUTHOR), e.count(EntityKind.RELATIONSHIP)};
    }

    /** Drops the schema. */
    @TearDown
    public void tearDown() {
        Services.drop(pg);
    }

    /**
     * feedkit's store: every miss of the page in one round trip.
     *
     * @return the loaded entities
     */
    @Benchmark
    public Entities batch() {
        sink.reset(keys);
        pg.load(keys, sink, Deadline.after(Duration.ofSeconds(10)));
        return sink;
    }

    /**
     * Baseline: posts (with media and tags), authors and relationships as three round trips.
     *
     * @return the loaded entities
     * @throws SQLException if PostgreSQL fails
     */
    @Benchmark
    public Entities threeQueries() throws SQLException {
        sink.reset(keys);
        try (Connection c = pg.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(posts)) {
                ps.setArray(1, c.createArrayOf("bigint", boxed(keys, EntityKind.POST)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.post(postWithArrays(rs));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(authors)) {
                ps.setArray(1, c.createArrayOf("bigint", boxed(keys, EntityKind.AUTHOR)));
                readAuthors(ps, sink);
            }
            try (PreparedStatement ps = c.prepareStatement(relationships)) {
                bindViewer(ps, keys.viewerId());
                ps.setArray(5, c.createArrayOf("bigint", boxed(keys, EntityKind.RELATIONSHIP)));
                readRelationships(ps, sink);
            }
        }
        return sink;
    }

    /**
     * Baseline: five queries per item (post, media, tags, author, relationship).
     *
     * @return the loaded entities
     * @throws SQLException if PostgreSQL fails
     */
    @Benchmark
    public Entities nPlusOne() throws SQLException {
        sink.reset(keys);
        try (Connection c = pg.dataSource().getConnection()) {
            for (int i = 0; i < keys.size(EntityKind.POST); i++) {
                Post p = onePost(c, keys.id(EntityKind.POST, i));
                sink.post(p);
                try (PreparedStatement ps = c.prepareStatement(author)) {
                    ps.setLong(1, p.authorId());
                    readAuthors(ps, sink);
                }
                try (PreparedStatement ps = c.prepareStatement(relationship)) {
                    bindViewer(ps, keys.viewerId());
                    ps.setLong(5, p.authorId());
                    readRelationships(ps, sink);
                }
            }
        }
        return sink;
    }

    private Post onePost(Connection c, long id) throws SQLException {
        List<Media> m = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(media)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.add(new Media(Media.Kind.ofWire(rs.getString(1)), rs.getString(2), (Integer) rs.getObject(3),
                            (Integer) rs.getObject(4)));
                }
            }
        }
        List<String> t = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(tags)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    t.add(rs.getString(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(post)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Post(rs.getLong(1), rs.getLong(2), rs.getString(3), instant(rs, 4), instant(rs, 5),
                        rs.getInt(6), rs.getInt(7), m, t);
            }
        }
    }

    private static Post postWithArrays(ResultSet rs) throws SQLException {
        String[] kinds = strings(rs.getArray(8));
        String[] urls = strings(rs.getArray(9));
        Object[] widths = (Object[]) rs.getArray(10).getArray();
        Object[] heights = (Object[]) rs.getArray(11).getArray();
        List<Media> m = new ArrayList<>(kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            m.add(new Media(Media.Kind.ofWire(kinds[i]), urls[i], (Integer) widths[i], (Integer) heights[i]));
        }
        return new Post(rs.getLong(1), rs.getLong(2), rs.getString(3), instant(rs, 4), instant(rs, 5),
                rs.getInt(6), rs.getInt(7), m, List.of(strings(rs.getArray(12))));
    }

    private static String[] strings(Array a) throws SQLException {
        return (String[]) a.getArray();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static void readAuthors(PreparedStatement ps, Entities sink) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sink.author(new Author(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)));
            }
        }
    }

    private static void readRelationships(PreparedStatement ps, Entities sink) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sink.relationship(rs.getLong(1), Relationship.of(rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
                        rs.getBoolean(5)));
            }
        }
    }

    private static void bindViewer(PreparedStatement ps, long viewer) throws SQLException {
        for (int i = 1; i <= 4; i++) {
            ps.setLong(i, viewer);
        }
    }

    private static Long[] boxed(EntityKeys keys, EntityKind kind) {
        Long[] out = new Long[keys.size(kind)];
        for (int i = 0; i < out.length; i++) {
            out[i] = keys.id(kind, i);
        }
        return out;
    }
}
