package dev.feedkit.examples.naive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.Keyset;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/*
 * The baseline the benchmarks and the load test compare feedkit against: the way a first version
 * of a feed endpoint is usually written. One query for the page's post ids, then for EACH item one
 * query for the post, one for its media, one for its tags, one for its author and one for the
 * viewer's relationship to the author (5 per item, 101 for a 20-item page); no cache; the page is
 * built as a POJO graph and serialized with jackson-databind. It reads feed-jdbc's schema and
 * answers with the JSON of docs/CONTRACT.md, byte-compatible cursors included (NaiveFeedServiceTest proves that
 * both give the same JSON for the same request). Deliberately not optimized: do not copy it.
 */

/**
 * A naive, uncached feed service over feed-jdbc's PostgreSQL schema: one query per item and
 * entity, jackson-databind output. A benchmark baseline, not a way to serve feeds. Thread-safe.
 */
public final class NaiveFeedService {
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private static final OffsetDateTime END_OF_TIME = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);

    private final DataSource dataSource;
    private final NaiveCursor cursors;
    private final String candidates;
    private final String post;
    private final String media;
    private final String tags;
    private final String author;
    private final String relationship;

    private NaiveFeedService(DataSource dataSource, String schema, byte[] cursorKey) {
        this.dataSource = dataSource;
        this.cursors = new NaiveCursor(cursorKey);
        String s = '"' + schema + '"';
        this.candidates = "SELECT p.id, p.created_at FROM " + s + ".posts p"
                + " WHERE p.deleted_at IS NULL"
                + " AND (p.author_id = ? OR p.author_id IN (SELECT followee_id FROM " + s + ".follows WHERE follower_id = ?))"
                + " AND NOT EXISTS (SELECT 1 FROM " + s + ".blocks b WHERE (b.blocker_id = ? AND b.blocked_id = p.author_id)"
                + " OR (b.blocker_id = p.author_id AND b.blocked_id = ?))"
                + " AND NOT EXISTS (SELECT 1 FROM " + s + ".mutes m WHERE m.muter_id = ? AND m.muted_id = p.author_id)"
                + " AND (p.created_at, p.id) < (?, ?)"
                + " ORDER BY p.created_at DESC, p.id DESC LIMIT ?";
        this.post = "SELECT id, author_id, body, created_at, deleted_at, like_count, reply_count, extra::text FROM " + s
                + ".posts WHERE id = ?";
        this.media = "SELECT kind, url, width, height FROM " + s + ".media WHERE post_id = ? ORDER BY position";
        this.tags = "SELECT tag FROM " + s + ".post_tags WHERE post_id = ? ORDER BY tag";
        this.author = "SELECT username, display_name, avatar_url, verified, extra::text FROM " + s + ".users WHERE id = ?";
        this.relationship = "SELECT"
                + " EXISTS (SELECT 1 FROM " + s + ".follows WHERE follower_id = ? AND followee_id = ?),"
                + " EXISTS (SELECT 1 FROM " + s + ".follows WHERE follower_id = ? AND followee_id = ?),"
                + " EXISTS (SELECT 1 FROM " + s + ".blocks WHERE (blocker_id = ? AND blocked_id = ?)"
                + " OR (blocker_id = ? AND blocked_id = ?)),"
                + " EXISTS (SELECT 1 FROM " + s + ".mutes WHERE muter_id = ? AND muted_id = ?)";
    }

    /**
     * Returns a service over feed-jdbc's tables in {@code schema}.
     *
     * @param dataSource a pooled PostgreSQL data source; owned by the caller
     * @param schema a lower-case unquoted schema name, as given to feed-jdbc
     * @param cursorKey the secret that signs cursors; the same as the assembler's to share cursors
     * @return the service
     * @throws IllegalArgumentException if the schema name is invalid
     */
    public static NaiveFeedService of(DataSource dataSource, String schema, byte[] cursorKey) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(cursorKey, "cursorKey");
        if (!SCHEMA_NAME.matcher(Objects.requireNonNull(schema, "schema")).matches()) {
            throw new IllegalArgumentException("schema must be a lower-case identifier matching "
                    + SCHEMA_NAME.pattern() + ", was \"" + schema + "\"");
        }
        return new NaiveFeedService(dataSource, schema, cursorKey);
    }

    /**
     * Loads one page, one query per item and entity.
     *
     * @param request the page; its limit, cursor and seed mean what they mean to FeedAssembler
     * @return the page as a POJO graph
     * @throws dev.feedkit.InvalidRequestException if the cursor is malformed, tampered or foreign
     * @throws FeedUnavailableException if PostgreSQL fails
     */
    public NaivePage page(FeedRequest request) {
        long viewer = request.viewerId();
        NaiveCursor.Position at = request.cursor() == null
                ? new NaiveCursor.Position(Keyset.START, request.seed() >= 0 ? request.seed()
                        : ThreadLocalRandom.current().nextLong() >>> 1)
                : cursors.decode(request.cursor(), viewer);
        try (Connection c = dataSource.getConnection()) {
            List<long[]> ids = candidates(c, viewer, at.keyset(), request.limit() + 1);
            List<NaivePage.Item> items = new ArrayList<>(request.limit());
            for (int i = 0; i < Math.min(ids.size(), request.limit()); i++) {
                NaivePage.Item item = item(c, viewer, ids.get(i)[0]);
                if (item != null) {
                    items.add(item);
                }
            }
            String next = ids.size() > request.limit()
                    ? cursors.encode(viewer, new Keyset(ids.get(request.limit() - 1)[1], ids.get(request.limit() - 1)[0]), at.seed())
                    : null;
            return new NaivePage(items, next, at.seed());
        } catch (SQLException e) {
            throw new FeedUnavailableException("naive feed of viewer " + viewer + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Loads one page and writes it with jackson-databind. Does not close {@code out}.
     *
     * @param request the page
     * @param out where the JSON goes
     * @throws IOException if {@code out} fails
     * @throws dev.feedkit.InvalidRequestException see {@link #page}
     * @throws FeedUnavailableException see {@link #page}
     */
    public void write(FeedRequest request, OutputStream out) throws IOException {
        MAPPER.writeValue(out, page(request));
    }

    /** @return the shared mapper this service writes with */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    private List<long[]> candidates(Connection c, long viewer, Keyset after, int max) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(candidates)) {
            ps.setLong(1, viewer);
            ps.setLong(2, viewer);
            ps.setLong(3, viewer);
            ps.setLong(4, viewer);
            ps.setLong(5, viewer);
            ps.setObject(6, after.isStart() ? END_OF_TIME
                    : OffsetDateTime.ofInstant(Keyset.instant(after.createdAtMicros()), ZoneOffset.UTC));
            ps.setLong(7, after.postId());
            ps.setInt(8, max);
            List<long[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new long[] {rs.getLong(1), Keyset.micros(rs.getTimestamp(2).toInstant())});
                }
            }
            return out;
        }
    }

    /** One item, or null if the post vanished, was deleted, or a block or mute now hides its author. */
    private NaivePage.Item item(Connection c, long viewer, long postId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(post)) {
            ps.setLong(1, postId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getTimestamp(5) != null) {
                    return null;
                }
                long authorId = rs.getLong(2);
                NaivePage.Viewer flags = viewer(c, viewer, authorId);
                NaivePage.Author a = author(c, authorId, flags);
                if (flags == null || a == null) {
                    return null;
                }
                return new NaivePage.Item(Long.toString(postId), NaiveText.timestamp(rs.getTimestamp(4).toInstant()),
                        NaiveText.text(rs.getString(3)), a, media(c, postId), tags(c, postId),
                        new NaivePage.Stats(rs.getInt(6), rs.getInt(7)), rs.getString(8));
            }
        }
    }

    private NaivePage.Author author(Connection c, long authorId, NaivePage.Viewer flags) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(author)) {
            ps.setLong(1, authorId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String avatar = rs.getString(3);
                return new NaivePage.Author(Long.toString(authorId), NaiveText.text(rs.getString(1)),
                        NaiveText.text(rs.getString(2)), avatar == null ? null : NaiveText.text(avatar),
                        rs.getBoolean(4), rs.getString(5), flags);
            }
        }
    }

    /** The viewer's flags for the author, or null if a block in either direction or the viewer's mute hides it. */
    private NaivePage.Viewer viewer(Connection c, long viewer, long authorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(relationship)) {
            ps.setLong(1, viewer);
            ps.setLong(2, authorId);
            ps.setLong(3, authorId);
            ps.setLong(4, viewer);
            ps.setLong(5, viewer);
            ps.setLong(6, authorId);
            ps.setLong(7, authorId);
            ps.setLong(8, viewer);
            ps.setLong(9, viewer);
            ps.setLong(10, authorId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(3) || rs.getBoolean(4) ? null : new NaivePage.Viewer(rs.getBoolean(1), rs.getBoolean(2));
            }
        }
    }

    private List<NaivePage.Media> media(Connection c, long postId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(media)) {
            ps.setLong(1, postId);
            List<NaivePage.Media> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new NaivePage.Media(rs.getString(1), NaiveText.text(rs.getString(2)),
                            (Integer) rs.getObject(3), (Integer) rs.getObject(4)));
                }
            }
            return out;
        }
    }

    private List<String> tags(Connection c, long postId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(tags)) {
            ps.setLong(1, postId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(NaiveText.text(rs.getString(1)));
                }
            }
            return out;
        }
    }
}
