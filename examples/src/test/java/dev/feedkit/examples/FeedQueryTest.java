package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.FeedRequest;
import dev.feedkit.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class FeedQueryTest {

    @Test
    void viewer_alone_gives_a_first_page_with_the_default_limit() {
        FeedRequest r = FeedQuery.parse("viewer=42");

        assertThat(r.viewerId()).isEqualTo(42);
        assertThat(r.limit()).isEqualTo(FeedRequest.DEFAULT_LIMIT);
        assertThat(r.cursor()).isNull();
        assertThat(r.seed()).isEqualTo(-1);
    }

    @Test
    void all_parameters_are_read_and_unknown_ones_ignored() {
        FeedRequest r = FeedQuery.parse("utm=x&viewer=9223372036854775807&limit=100&cursor=abc-_Z&seed=0&x");

        assertThat(r.viewerId()).isEqualTo(Long.MAX_VALUE);
        assertThat(r.limit()).isEqualTo(100);
        assertThat(r.cursor()).isEqualTo("abc-_Z");
        assertThat(r.seed()).isZero();
    }

    @Test
    void an_empty_cursor_is_a_400_not_the_first_page() {
        for (String query : new String[] {"viewer=1&cursor=", "viewer=1&cursor"}) {
            assertThatThrownBy(() -> FeedQuery.parse(query))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.code()).isEqualTo(InvalidRequestException.INVALID_CURSOR);
                        assertThat(e.getMessage()).isEqualTo("cursor must not be empty; omit it for the first page");
                    });
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "viewer=1&limit=0   | invalid_limit  | limit must be between 1 and 100, was 0",
        "viewer=1&limit=101 | invalid_limit  | limit must be between 1 and 100, was 101",
        "viewer=1&limit=500 | invalid_limit  | limit must be between 1 and 100, was 500",
        "viewer=1&limit=-3  | invalid_limit  | limit must be between 1 and 100, was -3",
        "viewer=1&limit=abc | invalid_limit  | limit must be an integer between 1 and 100, was \"abc\"",
        "viewer=1&limit=    | invalid_limit  | limit must be an integer between 1 and 100, was \"\"",
        "viewer=1&limit=2.5 | invalid_limit  | limit must be an integer between 1 and 100, was \"2.5\"",
        "viewer=1&limit=99999999999999999999 | invalid_limit | limit must be an integer between 1 and 100, was \"99999999999999999999\"",
        "viewer=1&limit=1&limit=2 | invalid_limit | limit must be given at most once",
        "limit=5            | invalid_viewer | viewer is required: a positive 64-bit integer, as in /api/v1/feed?viewer=42",
        "''                 | invalid_viewer | viewer is required: a positive 64-bit integer, as in /api/v1/feed?viewer=42",
        "viewer=0           | invalid_viewer | viewer must be a positive id, was 0",
        "viewer=-1          | invalid_viewer | viewer must be a positive id, was -1",
        "viewer=abc         | invalid_viewer | viewer must be a positive 64-bit integer, was \"abc\"",
        "viewer=%2B5        | invalid_viewer | viewer must be a positive 64-bit integer, was \"+5\"",
        "viewer=9223372036854775808 | invalid_viewer | viewer must be a positive 64-bit integer, was \"9223372036854775808\"",
        "viewer=%zz         | invalid_viewer | viewer is not valid percent-encoding: \"%zz\"",
        "viewer=1&seed=-1   | invalid_seed   | seed must be a non-negative 63-bit number, was -1",
        "viewer=1&seed=x    | invalid_seed   | seed must be a non-negative 63-bit integer, was \"x\"",
    })
    void bad_parameters_are_rejected_with_their_code_and_a_message_naming_the_value(
            String query, String code, String message) {
        assertThatThrownBy(() -> FeedQuery.parse(query))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void mode_is_read_case_insensitively_and_absent_by_default() {
        assertThat(FeedQuery.parse("viewer=1").mode()).isNull();
        assertThat(FeedQuery.parse("viewer=1&mode=ranked").mode()).isEqualTo(FeedRequest.Mode.RANKED);
        assertThat(FeedQuery.parse("viewer=1&mode=Chronological").mode()).isEqualTo(FeedRequest.Mode.CHRONOLOGICAL);
        assertThatThrownBy(() -> FeedQuery.parse("viewer=1&mode=top"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.code()).isEqualTo("invalid_mode"))
                .hasMessage("mode must be 'chronological' or 'ranked', was 'top'");
    }

    @Test
    void a_missing_query_is_a_missing_viewer() {
        assertThatThrownBy(() -> FeedQuery.parse(null))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo(InvalidRequestException.INVALID_VIEWER));
    }
}
