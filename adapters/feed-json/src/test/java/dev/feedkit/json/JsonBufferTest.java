package dev.feedkit.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The hand-written escaper against the jackson-core generator it replaced, configured as the
 * writer had it (standard escapes plus U+2028/U+2029, surrogate pairs combined into 4-byte UTF-8,
 * unpaired surrogates replaced first): the output must not change by a byte.
 */
final class JsonBufferTest {
    private static final JsonFactory JACKSON = new JsonFactoryBuilder()
            .characterEscapes(new ScriptSafeEscapes())
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private final JsonBuffer buffer = new JsonBuffer(JsonFeedWriter.BUFFER_SIZE);

    @Property(tries = 1000)
    void any_text_is_escaped_byte_for_byte_as_jackson_core_escaped_it(@ForAll("anyText") String text) {
        assertThat(escaped(text)).isEqualTo(jackson(text));
    }

    @Property(tries = 1000)
    void text_dense_in_hostile_characters_is_escaped_as_jackson_core_escaped_it(@ForAll("hostileText") String text) {
        assertThat(escaped(text)).isEqualTo(jackson(text));
    }

    @Test
    void surrogates_at_every_position_around_a_segment_boundary_are_escaped_as_jackson_core_escaped_them() {
        String[] pieces = {"\uD83D\uDE00", "\uD83D", "\uDE00", "\uD83D\uD83D\uDE00", "\u2028", "\u0001", "\u00e9"};
        for (int before = 1015; before < 1030; before++) {
            for (String piece : pieces) {
                String text = "a".repeat(before) + piece + "\"".repeat(1100) + piece + "\u65e5".repeat(900) + piece;

                assertThat(escaped(text)).as("%d chars, then %s", before, piece).isEqualTo(jackson(text));
            }
        }
    }

    @Test
    void text_larger_than_the_buffer_grows_it() {
        String text = "\u0001\u2028\uD83D\uDE00".repeat(3 * JsonFeedWriter.BUFFER_SIZE);

        assertThat(escaped(text)).isEqualTo(jackson(text));
    }

    @Test
    void reset_after_growth_starts_empty_again() {
        escaped("\u0001".repeat(20 * JsonFeedWriter.BUFFER_SIZE));

        assertThat(escaped("ok")).isEqualTo("\"ok\"".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void decimals_cover_the_whole_long_range() {
        for (long v : new long[] {0, 7, -7, 10, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            buffer.reset();
            buffer.decimal(v);

            assertThat(new String(buffer.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(3000);
    }

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.strings()
                .withCharRange('\u0000', '\u00ff')
                .withCharRange('\uD7F0', '\uE010')
                .withChars('\u07ff', '\u0800', '\u2027', '\u2028', '\u2029', '\u202a', '\uFFFD', '\uFFFF')
                .ofMaxLength(2500);
    }

    private byte[] escaped(String text) {
        buffer.reset();
        buffer.string(text);
        return buffer.toByteArray();
    }

    private static byte[] jackson(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JACKSON.createGenerator(out)) {
            g.writeString(Surrogates.replaceUnpaired(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The escapes the writer gave jackson-core: JSON's standard ones plus U+2028 and U+2029. */
    private static final class ScriptSafeEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028) {
                return new SerializedString("\\u2028");
            }
            return ch == 0x2029 ? new SerializedString("\\u2029") : null;
        }
    }
}
