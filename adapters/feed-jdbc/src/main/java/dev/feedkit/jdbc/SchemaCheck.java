package dev.feedkit.jdbc;

import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/*
 * The sqlc lesson at run time: every statement is prepared and described by the server (pgjdbc's
 * getParameterMetaData / getMetaData send Parse + Describe, never Execute), and what the server
 * says is compared with the contract in Statement. Parameter types are left for the server to
 * infer, so a host's uncast ":post_ids" next to an int4 column shows up as int4[] instead of
 * passing silently.
 *
 * Why a suffix on the described text: pgjdbc caches per connection what it learned about a SQL
 * text, and a described text is handled differently when run (see JdbcEntityStore). The texts
 * described here end in a comment, so the texts the store runs are never the ones described.
 */

/** Describes statements against the live database and lists every way they break their contract. */
final class SchemaCheck {
    private static final String SUFFIX = "\n/* feed-jdbc schema check */";

    /** Types a column may have in place of the contract's, because the mapper reads them the same way. */
    private static final Map<String, Set<String>> NARROWER = Map.of(
            "int8", Set.of("int8", "int4", "int2"),
            "int4", Set.of("int4", "int2"),
            "text", Set.of("text", "varchar"));

    /** What an optional host-fields column may be: read as its JSON text. */
    private static final Set<String> JSON_TEXT = Set.of("text", "varchar", "json", "jsonb");

    private static final Map<String, String> SQL_NAMES = Map.of(
            "int8", "bigint", "int4", "integer", "int2", "smallint", "_int8", "bigint[]", "_int4", "integer[]",
            "text", "text", "varchar", "varchar", "bool", "boolean", "timestamptz", "timestamptz",
            "timestamp", "timestamp");

    private SchemaCheck() {
    }

    /** @return one line per problem, empty if every statement meets its contract */
    static List<String> check(Connection c, Map<Statement, Sql> statements) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Statement, Sql> e : statements.entrySet()) {
            problems.addAll(check(c, e.getKey(), e.getValue()));
        }
        return problems;
    }

    static List<String> check(Connection c, Statement statement, Sql sql) {
        List<String> problems = new ArrayList<>();
        String where = "statement " + statement.id + ": ";
        if (sql.text().replaceAll(";\\s*$", "").contains(";")) {
            problems.add(where + "holds several statements (a ';' inside); it must be one SELECT");
            return problems;
        }
        checkNames(where, statement, sql, problems);
        try (PreparedStatement ps = c.prepareStatement(sql.text().replaceAll(";\\s*$", "") + SUFFIX)) {
            checkParameters(where, statement, sql, ps.getParameterMetaData(), problems);
            ResultSetMetaData md = ps.getMetaData();
            if (md == null) {
                problems.add(where + "returns no rows; it must be a SELECT");
            } else {
                checkColumns(where, statement, md, problems);
            }
        } catch (SQLException e) {
            problems.add(where + "does not prepare: " + e.getMessage().replace('\n', ' ')
                    + " (SQLState " + e.getSQLState() + ")");
        }
        return problems;
    }

    private static void checkNames(String where, Statement statement, Sql sql, List<String> problems) {
        Set<String> used = new LinkedHashSet<>(sql.parameters());
        Set<String> allowed = new LinkedHashSet<>();
        for (Statement.Param p : statement.params) {
            allowed.add(p.name());
            if (!used.contains(p.name())) {
                problems.add(where + "does not use parameter :" + p.name() + " (" + sqlName(p.types().get(0))
                        + ", " + p.meaning() + "); every parameter of its contract must appear");
            }
        }
        for (String name : used) {
            if (!allowed.contains(name)) {
                problems.add(where + "uses unknown parameter :" + name + "; its parameters are " + names(statement));
            }
        }
    }

    private static void checkParameters(String where, Statement statement, Sql sql, ParameterMetaData pm,
            List<String> problems) throws SQLException {
        int count = pm.getParameterCount();
        if (count != sql.parameters().size()) {
            problems.add(where + "has " + count + " parameters but names " + sql.parameters().size() + " ("
                    + String.join(", ", sql.parameters().stream().map(n -> ":" + n).toList())
                    + "); write every parameter by name (" + names(statement) + "), never as a positional ?");
            return;
        }
        Set<String> reported = new LinkedHashSet<>();
        for (int i = 1; i <= count; i++) {
            String name = sql.parameters().get(i - 1);
            Statement.Param p = param(statement, name);
            String type = pm.getParameterTypeName(i);
            if (p != null && !p.types().contains(type) && reported.add(name)) {
                problems.add(where + "parameter :" + name + " is " + describe(type) + ", expected "
                        + alternatives(p.types()) + " (" + p.meaning() + "); cast it where it is used: :" + name
                        + "::" + sqlName(p.types().get(0)));
            }
        }
    }

    private static void checkColumns(String where, Statement statement, ResultSetMetaData md, List<String> problems)
            throws SQLException {
        Map<String, String> got = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            got.putIfAbsent(md.getColumnLabel(i), md.getColumnTypeName(i));
        }
        for (Column want : statement.columns) {
            String type = got.get(want.name());
            Set<String> accepted = want.optional() ? JSON_TEXT
                    : NARROWER.getOrDefault(want.pgType(), Set.of(want.pgType()));
            if (type == null && want.optional()) {
                continue;
            }
            if (type == null) {
                problems.add(where + "column " + want.name() + " is missing; expected " + want.name() + " "
                        + describe(want.pgType()) + ". It returns: " + columns(got));
            } else if (!accepted.contains(type)) {
                problems.add(where + "column " + want.name() + " is " + describe(type) + ", expected "
                        + (want.optional() ? "text, json or jsonb" : describe(want.pgType()))
                        + "; cast it in the SELECT: <expression>::" + sqlName(want.pgType()) + " AS " + want.name());
            }
        }
    }

    private static Statement.Param param(Statement statement, String name) {
        for (Statement.Param p : statement.params) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static String names(Statement statement) {
        StringJoiner j = new StringJoiner(", ");
        statement.params.forEach(p -> j.add(":" + p.name() + " " + sqlName(p.types().get(0))));
        return j.toString();
    }

    private static String columns(Map<String, String> got) {
        StringJoiner j = new StringJoiner(", ");
        got.forEach((n, t) -> j.add(n + " " + t));
        return got.isEmpty() ? "no columns" : j.toString();
    }

    private static String alternatives(List<String> types) {
        StringJoiner j = new StringJoiner(" or ");
        types.forEach(t -> j.add(describe(t)));
        return j.toString();
    }

    /** {@code int8 (bigint)}: the name the driver reports, and the one to write in SQL. */
    private static String describe(String pgType) {
        String sql = SQL_NAMES.get(pgType);
        return sql == null || sql.equals(pgType) ? pgType : pgType + " (" + sql + ")";
    }

    private static String sqlName(String pgType) {
        return SQL_NAMES.getOrDefault(pgType, pgType);
    }
}
