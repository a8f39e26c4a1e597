package dev.feedkit.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.Relationship;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class Rfc3339Test {

    @ParameterizedTest
    @CsvSource({
        "2026-11-20T10:15:30.123456Z, 2026-11-20T10:15:30.123456Z",
        "2026-11-20T10:15:30.123450Z, 2026-11-20T10:15:30.12345Z",
        "2026-11-20T10:15:30.100000Z, 2026-11-20T10:15:30.1Z",
        "2026-11-20T10:15:30.000001Z, 2026-11-20T10:15:30.000001Z",
        "2026-11-20T10:15:30.010Z, 2026-11-20T10:15:30.01Z",
        "2026-11-20T10:15:30Z, 2026-11-20T10:15:30Z",
        "2026-01-02T03:04:05Z, 2026-01-02T03:04:05Z",
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999999Z, 1969-12-31T23:59:59.999999Z",
        "1900-02-28T12:00:00.5Z, 1900-02-28T12:00:00.5Z",
        "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z, 9999-12-31T23:59:59.999999Z",
    })
    void formats_utc_with_the_microsecond_fraction_trimmed(String instant, String expected) {
        assertThat(Rfc3339.format(Instant.parse(instant))).isEqualTo(expected);
    }

    @Test
    void digits_below_the_microsecond_are_truncated() {
        assertThat(Rfc3339.format(Instant.parse("2026-11-20T10:15:30.123456789Z")))
                .isEqualTo("2026-11-20T10:15:30.123456Z");
        assertThat(Rfc3339.format(Instant.parse("2026-11-20T10:15:30.000000999Z")))
                .isEqualTo("2026-11-20T10:15:30Z");
        assertThat(Rfc3339.format(Instant.parse("1969-12-31T23:59:59.999999999Z")))
                .isEqualTo("1969-12-31T23:59:59.999999Z");
    }

    @Test
    void an_offset_time_is_written_in_utc() {
        Instant t = OffsetDateTime.parse("2026-11-20T12:15:30.25+02:00").toInstant();

        assertThat(Rfc3339.format(t)).isEqualTo("2026-11-20T10:15:30.25Z");
    }

    @Test
    void years_outside_rfc_3339_follow_iso_instant() {
        assertThat(Rfc3339.format(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00Z");
        assertThat(Rfc3339.format(Instant.parse("-0001-06-01T00:00:00.5Z"))).isEqualTo("-0001-06-01T00:00:00.5Z");
    }

    @Test
    void every_microsecond_instant_of_a_sweep_parses_back_to_itself() {
        Instant t = Instant.parse("1965-03-01T00:00:00Z");
        for (int i = 0; i < 20_000; i++) {
            t = t.plus(1_234_567_891L + i * 7919L, ChronoUnit.MICROS);
            String text = Rfc3339.format(t);

            assertThat(Instant.parse(text)).as(text).isEqualTo(t);
            assertThat(text).as(text).endsWith("Z").doesNotContain(".Z").doesNotMatch(".*\\.\\d*0Z");
        }
    }

    @Test
    void created_at_in_the_page_uses_this_format() {
        var post = Pages.plainPost(1, 42, "x");
        var post2 = new dev.feedkit.Post(2, 42, "y", Instant.parse("1969-07-20T20:17:40Z"), null, 0, 0,
                List.of(), List.of());
        FeedPage page = new FeedPage(List.of(new FeedItem(post, Pages.ada(), Relationship.NONE),
                new FeedItem(post2, Pages.ada(), Relationship.NONE)), null, 1);

        var items = Pages.json(JsonFeedWriter.create(), page).get("items");

        assertThat(items.get(0).get("created_at").textValue()).isEqualTo("2026-11-20T10:15:30.123456Z");
        assertThat(items.get(1).get("created_at").textValue()).isEqualTo("1969-07-20T20:17:40Z");
    }
}
