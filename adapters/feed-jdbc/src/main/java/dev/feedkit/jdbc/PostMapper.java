package dev.feedkit.jdbc;

import dev.feedkit.Media;
import dev.feedkit.Post;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads rows of {@code posts.sql}. A post is immutable and complete only with its media and tags,
 * which arrive in later results of the same round trip, so a row becomes a {@link Draft} first;
 * a draft allocates a list only for a post that has media or tags.
 */
final class PostMapper {
    static final List<Column> COLUMNS = List.of(
            new Column("id", "int8"), new Column("author_id", "int8"), new Column("body", "text"),
            new Column("created_at", "timestamptz"), new Column("deleted_at", "timestamptz"),
            new Column("like_count", "int4"), new Column("reply_count", "int4"), Column.optionalJson("extra"));

    private PostMapper() {
    }

    /**
     * Reads one row.
     *
     * @param extraColumn the index of {@code extra} ({@link Column#indexIn}), 0 when the statement
     *     has none
     */
    static Draft read(ResultSet rs, int extraColumn) throws SQLException {
        return new Draft(rs.getLong("id"), rs.getLong("author_id"), rs.getString("body"),
                instant(rs, "created_at"), instant(rs, "deleted_at"),
                rs.getInt("like_count"), rs.getInt("reply_count"),
                extraColumn == 0 ? null : rs.getString(extraColumn));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return PgTime.instant(rs, rs.findColumn(column));
    }

    /** A post row waiting for its media and tags. */
    static final class Draft {
        final long id;
        private final long authorId;
        private final String body;
        private final Instant createdAt;
        private final Instant deletedAt;
        private final int likeCount;
        private final int replyCount;
        private final String extra;
        private List<Media> media = List.of();
        private List<String> tags = List.of();

        Draft(long id, long authorId, String body, Instant createdAt, Instant deletedAt, int likeCount, int replyCount,
                String extra) {
            this.id = id;
            this.authorId = authorId;
            this.body = body;
            this.createdAt = createdAt;
            this.deletedAt = deletedAt;
            this.likeCount = likeCount;
            this.replyCount = replyCount;
            this.extra = extra;
        }

        void media(Media m) {
            if (media.isEmpty()) {
                media = new ArrayList<>(4);
            }
            media.add(m);
        }

        void tag(String tag) {
            if (tags.isEmpty()) {
                tags = new ArrayList<>(4);
            }
            tags.add(tag);
        }

        Post build() {
            return new Post(id, authorId, body, createdAt, deletedAt, likeCount, replyCount, media, tags, extra);
        }
    }
}
