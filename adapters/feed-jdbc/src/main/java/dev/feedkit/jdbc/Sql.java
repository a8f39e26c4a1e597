package dev.feedkit.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/*
 * Why named parameters: the same value (the viewer id, the page size) appears several times in one
 * statement, and the batch text joins five statements. Writing ":viewer_id" in the .sql file and
 * binding by name removes the positional bookkeeping where column-order and parameter-order bugs
 * hide. A "::" cast is left alone; the resources hold no colons inside string literals.
 */

/**
 * One SQL text loaded from a {@code .sql} resource beside this class, with {@code ${schema}}
 * replaced by the configured schema and {@code :name} parameters turned into JDBC {@code ?}s.
 */
final class Sql {
    private final String name;
    private final String text;
    private final List<String> parameters;

    private Sql(String name, String text, List<String> parameters) {
        this.name = name;
        this.text = text;
        this.parameters = List.copyOf(parameters);
    }

    static Sql load(String resource, String quotedSchema) {
        return parse(resource, read(resource).replace("${schema}", quotedSchema));
    }

    /** Joins statements into one multi-statement text whose parameters follow in order. */
    static Sql join(String name, List<Sql> statements) {
        StringBuilder text = new StringBuilder();
        List<String> parameters = new ArrayList<>();
        for (Sql s : statements) {
            text.append(text.length() == 0 ? "" : ";\n").append(s.text);
            parameters.addAll(s.parameters);
        }
        return new Sql(name, text.toString(), parameters);
    }

    static String read(String resource) {
        try (InputStream in = Sql.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("SQL resource " + resource + " is missing from the feed-jdbc jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQL resource " + resource, e);
        }
    }

    static Sql parse(String name, String source) {
        StringBuilder text = new StringBuilder(source.length());
        List<String> parameters = new ArrayList<>();
        for (String line : source.split("\n", -1)) {
            String code = line.strip().startsWith("--") ? "" : line;
            int i = 0;
            while (i < code.length()) {
                char c = code.charAt(i);
                if (c == ':' && i + 1 < code.length() && code.charAt(i + 1) == ':') {
                    text.append("::");
                    i += 2;
                } else if (c == ':' && i + 1 < code.length() && Character.isLetter(code.charAt(i + 1))) {
                    int end = i + 1;
                    while (end < code.length() && (Character.isLetterOrDigit(code.charAt(end)) || code.charAt(end) == '_')) {
                        end++;
                    }
                    parameters.add(code.substring(i + 1, end));
                    text.append('?');
                    i = end;
                } else {
                    text.append(c);
                    i++;
                }
            }
            if (!code.isEmpty()) {
                text.append('\n');
            }
        }
        return new Sql(name, text.toString().strip(), parameters);
    }

    /** Returns this statement with another text and the same parameters, for tests of drift. */
    Sql withText(String text) {
        return new Sql(name, text, parameters);
    }

    String name() {
        return name;
    }

    String text() {
        return text;
    }

    List<String> parameters() {
        return parameters;
    }

    /**
     * Binds {@code value} to every occurrence of {@code parameter}.
     *
     * @throws IllegalArgumentException if the text has no such parameter
     */
    void bind(PreparedStatement statement, String parameter, Object value) throws SQLException {
        boolean found = false;
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).equals(parameter)) {
                statement.setObject(i + 1, value);
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("SQL " + name + " has no parameter :" + parameter
                    + "; it has " + parameters);
        }
    }

    @Override
    public String toString() {
        return "Sql[" + name + ", parameters=" + parameters + "]";
    }
}
