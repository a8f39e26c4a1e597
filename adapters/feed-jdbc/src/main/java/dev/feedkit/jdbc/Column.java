package dev.feedkit.jdbc;

/**
 * A column a mapper reads, by name, with the PostgreSQL type name it expects
 * ({@code ResultSetMetaData.getColumnTypeName}); the schema-validation test checks each statement's
 * described columns against these.
 */
record Column(String name, String pgType) {
}
