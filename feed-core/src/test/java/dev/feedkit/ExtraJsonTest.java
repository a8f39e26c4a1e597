package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

final class ExtraJsonTest {
    private static final int BIG = Integer.MAX_VALUE;

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", " {} ", "\t{\n}\r\n", "{\"a\":1}", "{\"a\": -0.5e+10, \"b\": [true, false, null, 0, -1, 1.25E-3]}",
        "{\"\": {\"\": {\"\": []}}}", "{\"s\": \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00 \\ud800\"}",
        "{\"raw\": \"é 中 \uD83D\uDE00 \u2028 </script>\"}", "{\"a\": [[], [[]], {}], \"b\": {\"c\": \"d\"}}",
    })
    void accepts_json_objects(String json) {
        assertThatCode(() -> ExtraJson.check(json, BIG)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "[]", "1", "\"s\"", "null", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\":1 \"b\":2}",
        "{a:1}", "{'a':1}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":+1}",
        "{\"a\":tru}", "{\"a\":nul}", "{\"a\":NaN}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}", "{\"a\":\"\n\"}", "{\"a\":\"unterminated}", "{} {}", "{}x", "{\"a\":1}}", "{\"a\":[}",
        "{\"a\":\"\u0000\"}", "\uFEFF{}",
    })
    void rejects_what_is_not_one_json_object(String json) {
        assertThatThrownBy(() -> ExtraJson.check(json, BIG)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_unpaired_surrogates_which_cannot_be_utf_8() {
        assertThatThrownBy(() -> ExtraJson.check("{\"a\":\"x\uD83D\"}", BIG))
                .hasMessage("unpaired surrogate U+D83D at char 7 of 10");
        assertThatThrownBy(() -> ExtraJson.check("{\"a\":\"\uDE00x\"}", BIG)).hasMessageStartingWith("unpaired surrogate U+DE00");
    }

    @Test
    void says_what_and_where() {
        assertThatThrownBy(() -> ExtraJson.check("[1]", BIG)).hasMessage("extra must be a JSON object, starts with '[' at char 0 of 3");
        assertThatThrownBy(() -> ExtraJson.check("{\"a\":1,}", BIG)).hasMessage("expected a member name, found '}' at char 7 of 8");
        assertThatThrownBy(() -> ExtraJson.check("{\"a\":1", BIG)).hasMessage("expected ',' or '}', found the end at char 6 of 6");
    }

    @Test
    void the_size_bound_counts_utf_8_bytes_and_names_the_setting() {
        String fits = "{\"a\":\"ééé\"}"; // 8 ASCII + 3 x 2 bytes = 14 bytes, 11 chars
        assertThatCode(() -> ExtraJson.check(fits, 14)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ExtraJson.check(fits, 13)).hasMessage("extra is 14 UTF-8 bytes, more than maxExtraBytes (13);"
                + " set FeedAssembler.Builder.maxExtraBytes(..) or store a smaller value");
        String emoji = "{\"a\":\"\uD83D\uDE00\"}"; // 8 + 4 bytes
        assertThatCode(() -> ExtraJson.check(emoji, 12)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ExtraJson.check(emoji, 11)).hasMessageStartingWith("extra is 12 UTF-8 bytes");
        assertThatThrownBy(() -> ExtraJson.check("{\"a\":\"" + "x".repeat(100) + "\"}", 50))
                .hasMessageStartingWith("extra is at least 108 UTF-8 bytes, more than maxExtraBytes (50)");
    }

    @Test
    void nesting_is_bounded_without_recursion() {
        String ok = "{\"a\":" + "[".repeat(ExtraJson.MAX_DEPTH - 1) + "]".repeat(ExtraJson.MAX_DEPTH - 1) + "}";
        assertThatCode(() -> ExtraJson.check(ok, BIG)).doesNotThrowAnyException();
        String deep = "{\"a\":" + "[".repeat(ExtraJson.MAX_DEPTH) + "]".repeat(ExtraJson.MAX_DEPTH) + "}";
        assertThatThrownBy(() -> ExtraJson.check(deep, BIG)).hasMessageStartingWith("extra nests deeper than 64 levels");
        String hostile = "{\"a\":" + "[".repeat(1_000_000);
        assertThatThrownBy(() -> ExtraJson.check(hostile, BIG)).hasMessageStartingWith("extra nests deeper than 64 levels");
    }
}
