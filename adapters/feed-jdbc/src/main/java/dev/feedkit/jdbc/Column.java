package dev.feedkit.jdbc;

/**
 * A column a mapper reads, by name, with the PostgreSQL type name it expects
 * ({@code ResultSetMetaData.getColumnTypeName}); the schema-validation test checks each statement's
 * described columns against these.
 */
record Column(String name, String pgType, boolean optional) {

    Column(String name, String pgType) {
        this(name, pgType, false);
    }

    /**
     * A column a statement may leave out: host fields ({@code extra}), read as text. A host schema
     * without them needs no {@code NULL AS extra}; when present it may be {@code text}, {@code json}
     * or {@code jsonb}.
     */
    static Column optionalJson(String name) {
        return new Column(name, "text", true);
    }

    /** The index of {@code name} in the result, or 0 when the statement does not return it. */
    static int indexIn(java.sql.ResultSet rs, String name) throws java.sql.SQLException {
        java.sql.ResultSetMetaData md = rs.getMetaData();
        for (int i = 1, n = md.getColumnCount(); i <= n; i++) {
            if (name.equals(md.getColumnLabel(i))) {
                return i;
            }
        }
        return 0;
    }
}
