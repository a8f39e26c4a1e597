package dev.feedkit.jdbc;

import dev.feedkit.Author;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads rows of {@code authors.sql}. */
final class AuthorMapper {
    static final List<Column> COLUMNS = List.of(
            new Column("id", "int8"), new Column("username", "text"), new Column("display_name", "text"),
            new Column("avatar_url", "text"), new Column("verified", "bool"), Column.optionalJson("extra"));

    private AuthorMapper() {
    }

    /** Reads one row; {@code extraColumn} is 0 when the statement returns no {@code extra}. */
    static Author read(ResultSet rs, int extraColumn) throws SQLException {
        return new Author(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                rs.getString("avatar_url"), rs.getBoolean("verified"),
                extraColumn == 0 ? null : rs.getString(extraColumn));
    }
}
