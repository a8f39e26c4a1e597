package dev.feedkit.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads rows of {@code tags.sql}. */
final class TagMapper {
    static final List<Column> COLUMNS = List.of(new Column("post_id", "int8"), new Column("tag", "text"));

    private TagMapper() {
    }

    static long postId(ResultSet rs) throws SQLException {
        return rs.getLong("post_id");
    }

    static String read(ResultSet rs) throws SQLException {
        return rs.getString("tag");
    }
}
