package dev.feedkit.jdbc;

import dev.feedkit.Author;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads rows of {@code authors.sql}. */
final class AuthorMapper {
    static final List<Column> COLUMNS = List.of(
            new Column("id", "int8"), new Column("username", "text"), new Column("display_name", "text"),
            new Column("avatar_url", "text"), new Column("verified", "bool"), new Column("extra", "text"));

    private AuthorMapper() {
    }

    static Author read(ResultSet rs) throws SQLException {
        return new Author(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                rs.getString("avatar_url"), rs.getBoolean("verified"), rs.getString("extra"));
    }
}
