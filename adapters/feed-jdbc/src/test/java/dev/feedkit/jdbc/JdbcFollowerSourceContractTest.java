package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.AuthorPostSource;
import dev.feedkit.FollowerSource;
import dev.feedkit.testkit.DemoLoader;
import dev.feedkit.testkit.FollowerSourceContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The follower contract over PostgreSQL, loaded by COPY with the suite's data. */
final class JdbcFollowerSourceContractTest extends FollowerSourceContract {
    private TestDb db;

    @BeforeAll
    void load() {
        db = TestDb.create();
        DemoLoader.copy(db.store.dataSource(), db.store.schema(), followerData());
    }

    @AfterAll
    void drop() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected FollowerSource followers() {
        return db.store;
    }

    @Override
    protected AuthorPostSource authorPosts() {
        return db.store;
    }

    @Test
    void author_posts_sql_returns_exactly_the_candidate_mapper_columns() throws SQLException {
        Sql sql = JdbcFollowers.statements(db.store.quoted()).get(2);
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql.text())) {
            ResultSetMetaData md = ps.getMetaData();
            assertThat(md.getColumnCount()).isEqualTo(CandidateMapper.COLUMNS.size());
            for (int i = 1; i <= md.getColumnCount(); i++) {
                assertThat(new Column(md.getColumnName(i), md.getColumnTypeName(i)))
                        .isEqualTo(CandidateMapper.COLUMNS.get(i - 1));
            }
        }
    }
}
