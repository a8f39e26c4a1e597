package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prepares and describes every statement against the real, migrated schema and checks the columns
 * each mapper reads, by name and PostgreSQL type, with nothing missing and nothing extra. Runs on
 * its own connection: describing a statement changes pgjdbc's state for that SQL text.
 */
final class SchemaValidationTest {
    private static TestDb db;

    @BeforeAll
    static void create() {
        db = TestDb.create();
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            db.close();
        }
    }

    private static String quoted() {
        return '"' + db.schema + '"';
    }

    private static List<Column> described(Sql sql) throws SQLException {
        try (Connection c = TestDb.simpleDataSource(db.url).getConnection();
                PreparedStatement ps = c.prepareStatement(sql.text())) {
            ResultSetMetaData md = ps.getMetaData();
            List<Column> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(new Column(md.getColumnLabel(i), md.getColumnTypeName(i)));
            }
            return columns;
        }
    }

    @Test
    void candidates_sql_returns_exactly_the_candidate_mapper_columns() throws SQLException {
        assertThat(described(Sql.load("candidates.sql", quoted())))
                .containsExactlyInAnyOrderElementsOf(CandidateMapper.COLUMNS);
    }

    @Test
    void each_batch_statement_returns_exactly_its_mapper_columns() throws SQLException {
        List<Sql> statements = JdbcEntityStore.statements(quoted());
        List<List<Column>> mappers = List.of(PostMapper.COLUMNS, MediaMapper.COLUMNS, TagMapper.COLUMNS,
                AuthorMapper.COLUMNS, RelationshipMapper.COLUMNS);
        assertThat(statements).hasSameSizeAs(mappers);
        for (int i = 0; i < statements.size(); i++) {
            assertThat(described(statements.get(i))).as(statements.get(i).name())
                    .containsExactlyInAnyOrderElementsOf(mappers.get(i).stream()
                            .map(c -> new Column(c.name(), c.pgType())).toList());
        }
    }

    @Test
    void batch_parameters_are_typed_bigint_and_bigint_arrays() throws SQLException {
        for (Sql sql : JdbcEntityStore.statements(quoted())) {
            try (Connection c = TestDb.simpleDataSource(db.url).getConnection();
                    PreparedStatement ps = c.prepareStatement(sql.text())) {
                var pm = ps.getParameterMetaData();
                for (int i = 1; i <= pm.getParameterCount(); i++) {
                    String name = sql.parameters().get(i - 1);
                    assertThat(pm.getParameterTypeName(i)).as(sql.name() + " :" + name)
                            .isEqualTo(name.endsWith("_ids") ? "_int8" : "int8");
                }
            }
        }
    }

    @Test
    void a_column_whose_type_or_name_drifts_from_the_mapper_is_caught() throws SQLException {
        Sql posts = Sql.load("posts.sql", quoted());
        Sql retyped = posts.withText(posts.text().replace("like_count,", "like_count::bigint AS like_count,"));
        Sql renamed = posts.withText(posts.text().replace("reply_count", "reply_count AS replies"));
        assertThatThrownBy(() -> assertThat(described(retyped)).containsExactlyInAnyOrderElementsOf(PostMapper.COLUMNS))
                .isInstanceOf(AssertionError.class).hasMessageContaining("like_count").hasMessageContaining("int8");
        assertThatThrownBy(() -> assertThat(described(renamed)).containsExactlyInAnyOrderElementsOf(PostMapper.COLUMNS))
                .isInstanceOf(AssertionError.class).hasMessageContaining("replies");
    }

    @Test
    void the_reference_statements_pass_the_startup_check() {
        assertThatCode(db.store::validate).doesNotThrowAnyException();
    }

    @Test
    void a_builder_can_migrate_a_fresh_schema_before_checking_it() {
        String fresh = db.schema + "_b";
        try {
            JdbcFeedStore store = JdbcFeedStore.newBuilder(db.dataSource()).schema(fresh).migrate(true).build();
            assertThat(store.schema()).isEqualTo(fresh);
        } finally {
            db.exec("DROP SCHEMA IF EXISTS \"" + fresh + "\" CASCADE");
        }
    }

    @Test
    void migrating_again_applies_nothing() {
        assertThat(db.store.migrate()).isZero();
    }
}
