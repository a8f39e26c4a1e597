/**
 * feedkit's PostgreSQL adapter. {@link dev.feedkit.jdbc.JdbcFeedStore} is the one public type: a
 * {@link dev.feedkit.FeedSource} and {@link dev.feedkit.EntityStore} over any {@code DataSource}
 * (HikariCP by default), the versioned schema, and a {@code COPY} loader for demo data. Everything
 * else in this package is package-private; its SQL lives in {@code .sql} resources beside it.
 */
package dev.feedkit.jdbc;
