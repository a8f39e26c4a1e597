package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.Deadline;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import org.junit.jupiter.api.Test;

final class JdbcFeedStoreTest {

    @Test
    void from_url_rejects_a_url_of_another_driver_without_echoing_the_password() {
        assertThatThrownBy(() -> JdbcFeedStore.fromUrl("jdbc:mysql://db/x?user=a&password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jdbcUrl must start with jdbc:postgresql:, was jdbc:mysql://db/x?user=a&password=***");
    }

    @Test
    void of_rejects_a_missing_data_source_and_an_upper_case_schema() {
        assertThatThrownBy(() -> JdbcFeedStore.of(null)).isInstanceOf(NullPointerException.class).hasMessage("dataSource");
        assertThatThrownBy(() -> JdbcFeedStore.of(TestDb.simpleDataSource(TestDb.DEFAULT_URL), "Feed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schema must be a lower-case identifier matching [a-z_][a-z0-9_]{0,62}, was \"Feed\"");
    }

    @Test
    void loading_no_keys_touches_no_database() {
        JdbcFeedStore unreachable = JdbcFeedStore.of(TestDb.pinned(null), "public");
        EntityKeys none = EntityKeys.of(1, new long[0], new long[0]);
        Entities out = Entities.of(none);
        unreachable.load(none, out, Deadline.none());
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void the_default_schema_is_public() {
        assertThat(JdbcFeedStore.of(TestDb.simpleDataSource(TestDb.DEFAULT_URL)).schema()).isEqualTo("public");
    }
}
