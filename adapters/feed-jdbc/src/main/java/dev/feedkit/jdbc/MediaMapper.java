package dev.feedkit.jdbc;

import dev.feedkit.Media;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads rows of {@code media.sql}; {@code post_id} names the post a row belongs to. */
final class MediaMapper {
    static final List<Column> COLUMNS = List.of(
            new Column("post_id", "int8"), new Column("kind", "text"),
            new Column("url", "text"), new Column("width", "int4"), new Column("height", "int4"));

    private MediaMapper() {
    }

    static long postId(ResultSet rs) throws SQLException {
        return rs.getLong("post_id");
    }

    static Media read(ResultSet rs) throws SQLException {
        return new Media(Media.Kind.ofWire(rs.getString("kind")), rs.getString("url"),
                nullableInt(rs, "width"), nullableInt(rs, "height"));
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
