package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What build() says when a host's statement does not fit its contract: one line per problem,
 * naming the statement, the column or parameter, what it is and what was expected. Runs on the
 * README's host schema (no rows needed: statements are described, never run).
 */
final class StatementCheckTest {
    private static HostSchema host;

    @BeforeAll
    static void create() {
        host = HostSchema.createEmpty();
    }

    @AfterAll
    static void drop() {
        if (host != null) {
            host.close();
        }
    }

    private static JdbcFeedStore.Builder with(FeedStatements statements) {
        return JdbcFeedStore.newBuilder(host.dataSource).schema(host.schema).statements(statements);
    }

    private static String failure(FeedStatements statements) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> with(statements).build());
        assertThat(t).isInstanceOf(IllegalStateException.class);
        return t.getMessage();
    }

    @Test
    void the_hosts_own_statements_pass() {
        assertThatCode(() -> host.builder().build()).doesNotThrowAnyException();
    }

    @Test
    void a_missing_column_names_the_statement_the_column_and_its_type() {
        String posts = HostSchema.sql("posts.sql").replace(", comments_count AS reply_count", "");
        assertThat(failure(HostSchema.statements().withPosts(posts)))
                .contains("1 problem:")
                .contains("statement posts: column reply_count is missing; expected reply_count int4 (integer). "
                        + "It returns: id int8, author_id int8, body text, created_at timestamptz, deleted_at timestamptz, "
                        + "like_count int4");
    }

    @Test
    void a_column_of_the_wrong_type_names_both_types_and_the_cast() {
        String posts = HostSchema.sql("posts.sql").replace("hearts AS like_count", "hearts::bigint AS like_count");
        assertThat(failure(HostSchema.statements().withPosts(posts)))
                .contains("statement posts: column like_count is int8 (bigint), expected int4 (integer); "
                        + "cast it in the SELECT: <expression>::integer AS like_count");
    }

    @Test
    void a_timestamp_without_time_zone_is_refused() {
        String candidates = HostSchema.sql("author_posts.sql")
                .replace("published_at AS created_at", "published_at::timestamp AS created_at");
        assertThat(failure(HostSchema.statements().withAuthorPosts(candidates)))
                .contains("statement author_posts: column created_at is timestamp, expected timestamptz");
    }

    @Test
    void a_narrower_column_type_is_accepted() {
        String media = HostSchema.sql("media.sql").replace("SELECT post_id,", "SELECT post_id::int AS post_id,");
        assertThatCode(() -> with(HostSchema.statements().withMedia(media)).build()).doesNotThrowAnyException();
    }

    @Test
    void host_fields_are_optional_and_may_be_jsonb_but_not_another_type() {
        String without = HostSchema.sql("posts.sql").replace(",\n       attrs AS extra", "");
        assertThat(without).doesNotContain("extra");
        assertThatCode(() -> with(HostSchema.statements().withPosts(without)).build()).doesNotThrowAnyException();
        String asText = HostSchema.sql("posts.sql").replace("attrs AS extra", "attrs::text AS extra");
        assertThatCode(() -> with(HostSchema.statements().withPosts(asText)).build()).doesNotThrowAnyException();
        String withInt = HostSchema.sql("posts.sql").replace("attrs AS extra", "1 AS extra");
        assertThat(failure(HostSchema.statements().withPosts(withInt)))
                .contains("statement posts: column extra is int4 (integer), expected text, json or jsonb");
    }

    @Test
    void a_positional_parameter_is_a_wrong_parameter_count() {
        String authors = HostSchema.sql("authors.sql") + " OR account_id = ?";
        assertThat(failure(HostSchema.statements().withAuthors(authors)))
                .contains("statement authors: has 2 parameters but names 1 (:author_ids); write every parameter by name "
                        + "(:author_ids bigint[]), never as a positional ?");
    }

    @Test
    void a_parameter_of_the_wrong_type_names_the_parameter_both_types_and_the_cast() {
        String posts = HostSchema.sql("posts.sql").replace("article_id = ANY(:post_ids)", "article_id::text = ANY(:post_ids)");
        assertThat(failure(HostSchema.statements().withPosts(posts)))
                .contains("statement posts: parameter :post_ids is _text, expected _int8 (bigint[]) (the post ids to load); "
                        + "cast it where it is used: :post_ids::bigint[]");
    }

    @Test
    void an_integer_id_parameter_is_refused_because_ids_are_bound_as_bigint() {
        String followers = HostSchema.sql("followers.sql").replace("publisher = :author_id", "publisher = :author_id::int");
        assertThat(failure(HostSchema.statements().withFollowers(followers)))
                .contains("statement followers: parameter :author_id is int4 (integer), expected int8 (bigint)");
    }

    @Test
    void a_misnamed_parameter_is_unknown_and_the_expected_one_unused() {
        String candidates = HostSchema.sql("candidates.sql").replace(":after_id", ":after_post");
        assertThat(failure(HostSchema.statements().withCandidates(candidates)))
                .contains("2 problems:")
                .contains("statement candidates: does not use parameter :after_id (bigint, the post id of the keyset "
                        + "position to continue after); every parameter of its contract must appear")
                .contains("statement candidates: uses unknown parameter :after_post; its parameters are :viewer_id bigint, "
                        + ":after_created_at timestamptz, :after_id bigint, :max integer");
    }

    @Test
    void a_missing_table_names_the_statement_and_the_servers_error() {
        String tags = HostSchema.sql("tags.sql").replace(".labels", ".post_labels");
        assertThat(failure(HostSchema.statements().withTags(tags)))
                .containsPattern("statement tags: does not prepare: ERROR: relation \"[^\"]+\\.post_labels\" does not exist.*"
                        + "\\(SQLState 42P01\\)");
    }

    @Test
    void two_statements_in_one_text_are_refused() {
        String authors = HostSchema.sql("authors.sql") + "; SELECT 1";
        assertThat(failure(HostSchema.statements().withAuthors(authors)))
                .contains("statement authors: holds several statements (a ';' inside); it must be one SELECT");
    }

    @Test
    void a_trailing_semicolon_is_fine() {
        String authors = HostSchema.sql("authors.sql") + ";\n";
        assertThatCode(() -> with(HostSchema.statements().withAuthors(authors)).build()).doesNotThrowAnyException();
    }

    @Test
    void every_problem_of_every_statement_is_listed_at_once() {
        FeedStatements broken = HostSchema.statements()
                .withPosts(HostSchema.sql("posts.sql").replace(", comments_count AS reply_count", ""))
                .withRelationships(HostSchema.sql("relationships.sql").replace(" AS muting", " AS mute"));
        assertThat(failure(broken)).contains("2 problems:")
                .contains("statement posts: column reply_count is missing")
                .contains("statement relationships: column muting is missing; expected muting bool");
    }

    @Test
    void the_reference_statements_do_not_fit_the_hosts_tables() {
        assertThatThrownBy(() -> JdbcFeedStore.newBuilder(host.dataSource).schema(host.schema).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("9 problems:")
                .hasMessageContaining("statement candidates: does not prepare: ERROR: relation \"" + host.schema
                        + ".follows\" does not exist");
    }

    @Test
    void validation_can_be_deferred_and_run_later() {
        String posts = HostSchema.sql("posts.sql").replace("hearts AS like_count", "hearts::bigint AS like_count");
        JdbcFeedStore store = with(HostSchema.statements().withPosts(posts)).validate(false).build();
        assertThatThrownBy(store::validate).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("statement posts: column like_count is int8 (bigint)");
    }
}
