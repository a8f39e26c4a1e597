/**
 * feedkit's PostgreSQL adapter. {@link dev.feedkit.jdbc.JdbcFeedStore} is the entry type: a
 * {@link dev.feedkit.FeedSource} and {@link dev.feedkit.EntityStore} over any {@code DataSource}
 * (HikariCP by default) and the versioned schema; {@link dev.feedkit.jdbc.FeedStatements} is the
 * value its builder takes to run a host's own SQL over the host's own tables, checked against the
 * live database at start-up. Everything else in this package is package-private; the reference SQL
 * lives in {@code .sql} resources beside it.
 */
package dev.feedkit.jdbc;
