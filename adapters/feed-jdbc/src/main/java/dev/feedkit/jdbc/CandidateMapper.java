package dev.feedkit.jdbc;

import dev.feedkit.Candidates;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads rows of {@code candidates.sql} into {@link Candidates}. */
final class CandidateMapper {
    static final List<Column> COLUMNS = List.of(
            new Column("id", "int8"), new Column("author_id", "int8"), new Column("created_at", "timestamptz"));

    private CandidateMapper() {
    }

    static void read(ResultSet rs, Candidates out) throws SQLException {
        out.add(rs.getLong("id"), rs.getLong("author_id"), micros(rs, "created_at"));
    }

    static long micros(ResultSet rs, String column) throws SQLException {
        return PgTime.micros(rs, rs.findColumn(column));
    }
}
