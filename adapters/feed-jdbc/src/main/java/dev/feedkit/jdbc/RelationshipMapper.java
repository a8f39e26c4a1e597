package dev.feedkit.jdbc;

import dev.feedkit.Relationship;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads rows of {@code relationships.sql}: the viewer's relationship to {@code author_id}. */
final class RelationshipMapper {
    static final List<Column> COLUMNS = List.of(
            new Column("author_id", "int8"), new Column("following", "bool"), new Column("followed_by", "bool"),
            new Column("blocking", "bool"), new Column("blocked_by", "bool"),
            new Column("muting", "bool"));

    private RelationshipMapper() {
    }

    static long authorId(ResultSet rs) throws SQLException {
        return rs.getLong("author_id");
    }

    static Relationship read(ResultSet rs) throws SQLException {
        return Relationship.of(rs.getBoolean("following"), rs.getBoolean("followed_by"),
                rs.getBoolean("blocking"), rs.getBoolean("blocked_by"), rs.getBoolean("muting"));
    }
}
