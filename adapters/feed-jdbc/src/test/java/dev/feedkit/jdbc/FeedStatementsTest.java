package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class FeedStatementsTest {

    @Test
    void with_returns_a_copy_and_leaves_the_reference_alone() {
        FeedStatements host = FeedStatements.reference().withPosts("SELECT 1");
        assertThat(host.sql("posts")).isEqualTo("SELECT 1");
        assertThat(FeedStatements.reference().sql("posts")).contains("FROM ${schema}.posts");
        assertThat(host).hasToString("FeedStatements[candidates=reference, posts=host, media=reference, tags=reference,"
                + " authors=reference, relationships=reference, followers=reference, follower_count=reference,"
                + " author_posts=reference]");
    }

    @Test
    void a_blank_statement_or_an_unknown_name_is_refused() {
        assertThatThrownBy(() -> FeedStatements.reference().withTags(" \n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the tags statement must not be blank");
        assertThatThrownBy(() -> FeedStatements.reference().withTags(null))
                .isInstanceOf(NullPointerException.class).hasMessage("tags");
        assertThatThrownBy(() -> FeedStatements.reference().sql("users"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no statement named users");
    }

    @Test
    void schema_placeholders_are_replaced_and_a_trailing_semicolon_dropped() {
        Sql posts = FeedStatements.reference().withPosts("SELECT * FROM ${schema}.articles WHERE id = ANY(:post_ids);")
                .resolve("\"app\"").get(Statement.POSTS);
        assertThat(posts.text()).isEqualTo("SELECT * FROM \"app\".articles WHERE id = ANY(?)");
        assertThat(posts.parameters()).containsExactly("post_ids");
    }
}
