package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

final class CursorCodecTest {
    private static final byte[] KEY = "0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OLD_KEY = "0123456789abcdef-old-key".getBytes(StandardCharsets.UTF_8);
    /** Every message a rejected cursor may carry. */
    private static final String REJECTED = "cursor (is malformed: .*|is truncated: .*|is not canonical: .*"
            + "|has unsupported version .*|was signed with unknown key id .*|was tampered with: .*)";

    private final CursorCodec codec = new CursorCodec(KEY);

    @Property
    void cursor_round_trips_any_position_and_seed(@ForAll @LongRange(min = 1) long viewer, @ForAll long micros,
            @ForAll long postId, @ForAll @LongRange(min = 0) long seed, @ForAll @IntRange(min = 0, max = 255) int keyId) {
        CursorCodec keyed = new CursorCodec(keyId, Map.of(keyId, KEY));
        String c = keyed.encode(viewer, new Keyset(micros, postId), seed);
        assertThat(c).matches("[A-Za-z0-9_-]{56}");
        CursorCodec.Cursor d = keyed.decode(c, viewer);
        assertThat(d.keyset()).isEqualTo(new Keyset(micros, postId));
        assertThat(d.seed()).isEqualTo(seed);
    }

    @Property(tries = 2000)
    void every_mutation_of_a_valid_cursor_is_rejected(@ForAll @LongRange(min = 1) long viewer, @ForAll long micros,
            @ForAll long postId, @ForAll @LongRange(min = 0) long seed, @ForAll("mutations") UnaryOperator<String> mutation) {
        String valid = codec.encode(viewer, new Keyset(micros, postId), seed);
        String mutated = mutation.apply(valid);
        Assume.that(!mutated.equals(valid));
        assertThatThrownBy(() -> codec.decode(mutated, viewer))
                .as("mutated cursor %s of %s", mutated, valid)
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageMatching(REJECTED)
                .extracting(e -> ((InvalidRequestException) e).code()).isEqualTo("invalid_cursor");
    }

    /** Replace, insert or delete one character, or append a suffix; characters in and out of the alphabet. */
    @Provide
    Arbitrary<UnaryOperator<String>> mutations() {
        Arbitrary<Character> chars = Arbitraries.oneOf(
                Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                Arbitraries.of('=', '+', '/', ' ', '%', '.', '\n', '\u0000', '\u00e9', '\uff21', '\ud83d'),
                Arbitraries.chars());
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 55);
        Arbitrary<UnaryOperator<String>> replace = Combinators.combine(index, chars)
                .as((i, ch) -> s -> s.substring(0, i) + ch + s.substring(i + 1));
        Arbitrary<UnaryOperator<String>> insert = Combinators.combine(Arbitraries.integers().between(0, 56), chars)
                .as((i, ch) -> s -> s.substring(0, i) + ch + s.substring(i));
        Arbitrary<UnaryOperator<String>> delete = index.map(i -> s -> s.substring(0, i) + s.substring(i + 1));
        Arbitrary<UnaryOperator<String>> append = Arbitraries.oneOf(Arbitraries.of("=", "==", "A", "AA", "AAAA"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(8)).map(suffix -> s -> s + suffix);
        Arbitrary<UnaryOperator<String>> truncate = Arbitraries.integers().between(1, 55).map(n -> s -> s.substring(0, n));
        return Arbitraries.oneOf(replace, insert, delete, append, truncate);
    }

    @Property
    void any_flipped_bit_is_rejected_as_an_invalid_cursor(@ForAll @IntRange(min = 0, max = 42 * 8 - 1) int bit,
            @ForAll @LongRange(min = 1) long viewer) {
        byte[] raw = Base64.getUrlDecoder().decode(codec.encode(viewer, new Keyset(123456, 99), 7));
        raw[bit / 8] ^= (byte) (1 << (bit % 8));
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> codec.decode(tampered, viewer))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageMatching("cursor (was tampered with.*|has unsupported version.*|was signed with unknown key id.*"
                        + "|is truncated: expected 63 bytes, got 42)")
                .extracting(e -> ((InvalidRequestException) e).code()).isEqualTo("invalid_cursor");
    }

    // ---------------------------------------------------------------- version 3: ranked walks

    @Property
    void a_ranked_cursor_round_trips_its_window(@ForAll @LongRange(min = 1) long viewer, @ForAll long micros,
            @ForAll long postId, @ForAll @LongRange(min = 0) long seed, @ForAll long anchorMicros,
            @ForAll long anchorId, @ForAll @IntRange(min = 1, max = 65535) int size, @ForAll @IntRange(min = 0,
                    max = 65535) int position, @ForAll boolean more) {
        Assume.that(position <= size);
        CursorCodec.Window w = new CursorCodec.Window(new Keyset(anchorMicros, anchorId), position, size, more);
        String c = codec.encode(viewer, new Keyset(micros, postId), seed, w);
        assertThat(c).matches("[A-Za-z0-9_-]{84}");
        CursorCodec.Cursor d = codec.decode(c, viewer);
        assertThat(d).isEqualTo(new CursorCodec.Cursor(new Keyset(micros, postId), seed, w));
        assertThat(d.ranked()).isTrue();
    }

    @Property(tries = 1000)
    void every_mutation_of_a_ranked_cursor_is_rejected(@ForAll @LongRange(min = 1) long viewer, @ForAll long micros,
            @ForAll @IntRange(min = 0, max = 300) int position, @ForAll("mutations") UnaryOperator<String> mutation) {
        String valid = codec.encode(viewer, new Keyset(micros, 9), 4,
                new CursorCodec.Window(new Keyset(micros + 5, 10), position, 300, true));
        String mutated = mutation.apply(valid);
        Assume.that(!mutated.equals(valid));
        assertThatThrownBy(() -> codec.decode(mutated, viewer))
                .as("mutated cursor %s of %s", mutated, valid)
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageMatching(REJECTED);
    }

    @Property
    void any_flipped_bit_of_a_ranked_cursor_is_rejected(@ForAll @IntRange(min = 0, max = 63 * 8 - 1) int bit) {
        byte[] raw = Base64.getUrlDecoder().decode(codec.encode(5, new Keyset(123456, 99), 7,
                new CursorCodec.Window(new Keyset(123460, 100), 20, 300, false)));
        raw[bit / 8] ^= (byte) (1 << (bit % 8));
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> codec.decode(tampered, 5))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageMatching("cursor (was tampered with.*|has unsupported version.*|was signed with unknown key id.*"
                        + "|is malformed: expected 42 bytes, got 63)");
    }

    @Test
    void a_signed_window_position_past_its_size_is_malformed() {
        byte[] raw = Base64.getUrlDecoder().decode(codec.encode(5, new Keyset(1, 2), 3,
                new CursorCodec.Window(new Keyset(3, 4), 2, 10, false)));
        raw[50] = 0;
        raw[51] = 11;
        byte[] body = java.util.Arrays.copyOf(raw, 55);
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
            System.arraycopy(mac.doFinal(body), 0, raw, 55, 8);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        String c = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> codec.decode(c, 5)).hasMessage("cursor is malformed: window position 11 of 10, flags 0");
    }

    @Property
    void any_truncation_is_rejected_with_a_reason(@ForAll @IntRange(min = 1, max = 55) int keep) {
        String c = codec.encode(5, new Keyset(1, 2), 3).substring(0, keep);
        assertThatThrownBy(() -> codec.decode(c, 5))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageMatching("cursor is (truncated: expected 42 bytes, got \\d+|malformed: \\d+ characters is not a"
                        + " base64 length.*|not canonical: .*)");
    }

    @Test
    void another_viewers_cursor_is_rejected_as_foreign() {
        String c = codec.encode(5, new Keyset(1, 2), 3);
        assertThatThrownBy(() -> codec.decode(c, 6))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("cursor was issued to another viewer");
    }

    @Test
    void non_base64_text_is_rejected_as_malformed_naming_the_character() {
        assertThatThrownBy(() -> codec.decode("not a cursor!", 5))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("cursor is malformed: U+0020 at index 3 is not URL-safe base64 (A-Z, a-z, 0-9, '-', '_')");
        assertThatThrownBy(() -> codec.decode("ab+/", 5))
                .hasMessage("cursor is malformed: '+' at index 2 is not URL-safe base64 (A-Z, a-z, 0-9, '-', '_')");
    }

    @Test
    void an_appended_padding_character_is_rejected() {
        String c = codec.encode(5, new Keyset(1, 2), 3);
        assertThatThrownBy(() -> codec.decode(c + "=", 5))
                .hasMessage("cursor is malformed: padding '=' at index 56; cursors are base64url without padding");
    }

    @Test
    void non_zero_unused_low_bits_in_the_last_character_are_rejected() {
        // 41 bytes are 55 characters, the last one carrying 2 unused bits: the length of a version-1 cursor.
        String canonical = Base64.getUrlEncoder().withoutPadding().encodeToString(versionOne(5));
        char last = canonical.charAt(54);
        String other = canonical.substring(0, 54) + (char) (last + 1);
        assertThat(Base64.getUrlDecoder().decode(other)).as("the JDK decoder ignores those bits")
                .isEqualTo(Base64.getUrlDecoder().decode(canonical));
        assertThatThrownBy(() -> codec.decode(other, 5))
                .hasMessage("cursor is not canonical: the unused low bits of its last character '" + (char) (last + 1)
                        + "' must be zero");
    }

    @Test
    void a_version_one_cursor_names_both_versions_and_what_to_do() {
        String c = Base64.getUrlEncoder().withoutPadding().encodeToString(versionOne(5));
        assertThatThrownBy(() -> codec.decode(c, 5))
                .hasMessage("cursor has unsupported version 1; this server reads versions 2 and 3 (older cursors are no"
                        + " longer accepted: request the first page again)");
    }

    @Test
    void a_cursor_of_a_newer_version_names_both_versions() {
        byte[] raw = Base64.getUrlDecoder().decode(codec.encode(5, new Keyset(1, 2), 3));
        raw[0] = 4;
        String c = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> codec.decode(c, 5))
                .hasMessage("cursor has unsupported version 4; this server reads versions 2 and 3");
    }

    @Test
    void a_cursor_signed_with_another_key_of_the_same_id_is_rejected_as_tampered() {
        String c = new CursorCodec("another-key-0123456789".getBytes(StandardCharsets.UTF_8)).encode(5, new Keyset(1, 2), 3);
        assertThatThrownBy(() -> codec.decode(c, 5)).hasMessageStartingWith("cursor was tampered with");
    }

    @Test
    void a_rotated_codec_signs_with_the_current_key_and_accepts_the_previous_one() {
        String old = new CursorCodec(1, Map.of(1, OLD_KEY)).encode(5, new Keyset(1, 2), 3);
        CursorCodec rotated = new CursorCodec(2, Map.of(2, KEY, 1, OLD_KEY));
        assertThat(rotated.decode(old, 5).keyset()).isEqualTo(new Keyset(1, 2));
        String fresh = rotated.encode(5, new Keyset(1, 2), 3);
        assertThat(Base64.getUrlDecoder().decode(fresh)[1]).as("key id byte").isEqualTo((byte) 2);
        assertThat(new CursorCodec(2, Map.of(2, KEY)).decode(fresh, 5).seed()).isEqualTo(3);
    }

    @Test
    void a_cursor_of_an_unknown_key_id_says_so() {
        String old = new CursorCodec(1, Map.of(1, OLD_KEY)).encode(5, new Keyset(1, 2), 3);
        CursorCodec retired = new CursorCodec(3, Map.of(3, KEY, 2, KEY));
        assertThatThrownBy(() -> retired.decode(old, 5))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("cursor was signed with unknown key id 1; this server accepts key ids 2, 3");
    }

    @Test
    void extra_bytes_are_rejected_as_malformed() {
        String c = codec.encode(5, new Keyset(1, 2), 3) + "AAAA";
        assertThatThrownBy(() -> codec.decode(c, 5)).hasMessage("cursor is malformed: expected 42 bytes, got 45");
    }

    @Test
    void an_empty_or_huge_cursor_is_rejected_before_decoding() {
        assertThatThrownBy(() -> codec.decode("", 5)).hasMessage("cursor is empty; omit it for the first page");
        assertThatThrownBy(() -> codec.decode("A".repeat(1 << 20), 5))
                .hasMessage("cursor is malformed: expected 56 or 84 characters, got 1048576");
    }

    /** The 41 bytes of a version-1 cursor: version, viewer, keyset, seed, an 8-byte tag. */
    private static byte[] versionOne(long viewer) {
        ByteBuffer b = ByteBuffer.allocate(41);
        b.put((byte) 1).putLong(viewer).putLong(1).putLong(2).putLong(3).putLong(0x0123456789abcdefL);
        return b.array();
    }
}
