package dev.feedkit.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Why a small runner and not Flyway: the schema is a handful of versioned files, and feed-jdbc's
 * promise is "postgresql + a pool, nothing else". The runner applies V1__, V2__, ... in order, each
 * in its own transaction together with its row in schema_version, under a transaction-scoped
 * advisory lock keyed by the schema name, so concurrent instances starting at once apply each
 * version exactly once and a failed version leaves nothing behind.
 */

/** Applies the versioned schema resources to one PostgreSQL schema, idempotently. */
final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

    /** The versions in order; a new file is added here and as {@code V<n>__<name>.sql}. */
    static final List<String> VERSIONS = List.of("V1__schema.sql", "V2__extra.sql", "V3__mutes.sql");

    private final DataSource dataSource;
    private final String schema;
    private final String quotedSchema;

    Migrator(DataSource dataSource, String schema, String quotedSchema) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.quotedSchema = quotedSchema;
    }

    /** Applies the versions not yet recorded; returns how many were applied now. */
    int migrate() throws SQLException {
        int applied = 0;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                for (int v = 1; v <= VERSIONS.size(); v++) {
                    applied += apply(c, v, VERSIONS.get(v - 1)) ? 1 : 0;
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
        return applied;
    }

    private boolean apply(Connection c, int version, String file) throws SQLException {
        try (Statement s = c.createStatement()) {
            lockAndPrepare(c, s);
            if (applied(c, version)) {
                c.commit();
                return false;
            }
            for (String statement : statements(Sql.read(file).replace("${schema}", quotedSchema))) {
                s.execute(statement);
            }
            record(c, version, file);
            c.commit();
            LOG.info("applied {} to schema {}", file, schema);
            return true;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    private void lockAndPrepare(Connection c, Statement s) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "feedkit.migrate:" + schema);
            lock.execute();
        }
        s.execute("CREATE SCHEMA IF NOT EXISTS " + quotedSchema);
        s.execute("CREATE TABLE IF NOT EXISTS " + quotedSchema + ".schema_version ("
                + "version int PRIMARY KEY, script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    }

    private boolean applied(Connection c, int version) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT 1 FROM " + quotedSchema + ".schema_version WHERE version = ?")) {
            q.setInt(1, version);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void record(Connection c, int version, String file) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "INSERT INTO " + quotedSchema + ".schema_version (version, script) VALUES (?, ?)")) {
            q.setInt(1, version);
            q.setString(2, file);
            q.executeUpdate();
        }
    }

    /** Splits a script on semicolons that end a line; the scripts hold no functions or literals with ";". */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
