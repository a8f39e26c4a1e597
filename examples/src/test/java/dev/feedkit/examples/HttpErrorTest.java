package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class HttpErrorTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain", "quote \" and backslash \\", "nul \u0000 bell \u0007 tab \t newline \n",
        "separators \u2028 \u2029", "emoji \uD83D\uDE00", "</script>", "del \u007f", ""})
    void body_is_valid_json_and_carries_the_message_unchanged(String message) throws Exception {
        JsonNode body = TestHttp.JSON.readTree(new HttpError(400, "invalid_cursor", message).body());

        assertThat(body.at("/error/code").asText()).isEqualTo("invalid_cursor");
        assertThat(body.at("/error/message").asText()).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource({"'lone high \uD83D here', 'lone high \uFFFD here'", "'lone low \uDE00 x', 'lone low \uFFFD x'",
        "'reversed \uDE00\uD83D', 'reversed \uFFFD\uFFFD'", "'end \uD83D', 'end \uFFFD'"})
    void unpaired_surrogates_become_replacement_characters(String message, String shown) throws Exception {
        byte[] body = new HttpError(400, "x", message).body();

        assertThat(TestHttp.JSON.readTree(body).at("/error/message").asText()).isEqualTo(shown);
        assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("?");
    }

    @Test
    void internal_error_has_a_code_and_nothing_else() {
        assertThat(new String(HttpError.internal().body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":{\"code\":\"internal\"}}");
    }
}
