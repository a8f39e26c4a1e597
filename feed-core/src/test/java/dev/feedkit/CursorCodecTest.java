package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

final class CursorCodecTest {
    private final CursorCodec codec = new CursorCodec("0123456789abcdef-test-key".getBytes());

    @Property
    void cursor_round_trips_any_position_and_seed(@ForAll @LongRange(min = 1) long viewer, @ForAll long micros,
            @ForAll long postId, @ForAll @LongRange(min = 0) long seed) {
        String c = codec.encode(viewer, new Keyset(micros, postId), seed);
        assertThat(c).matches("[A-Za-z0-9_-]+");
        CursorCodec.Cursor d = codec.decode(c, viewer);
        assertThat(d.keyset()).isEqualTo(new Keyset(micros, postId));
        assertThat(d.seed()).isEqualTo(seed);
    }

    @Property
    void any_flipped_bit_is_rejected_as_an_invalid_cursor(@ForAll @IntRange(min = 0, max = 41 * 8 - 1) int bit,
            @ForAll @LongRange(min = 1) long viewer) {
        byte[] raw = Base64.getUrlDecoder().decode(codec.encode(viewer, new Keyset(123456, 99), 7));
        raw[bit / 8] ^= (byte) (1 << (bit % 8));
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> codec.decode(tampered, viewer))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageMatching("cursor (was tampered with.*|has unsupported version.*)")
                .extracting(e -> ((InvalidRequestException) e).code()).isEqualTo("invalid_cursor");
    }

    @Property
    void any_truncation_is_rejected_as_truncated(@ForAll @IntRange(min = 2, max = 54) int keep) {
        String c = codec.encode(5, new Keyset(1, 2), 3).substring(0, keep);
        assertThatThrownBy(() -> codec.decode(c, 5))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageMatching("cursor is (truncated: expected 41 bytes, got \\d+|malformed: not URL-safe base64.*)");
    }

    @Test
    void another_viewers_cursor_is_rejected_as_foreign() {
        String c = codec.encode(5, new Keyset(1, 2), 3);
        assertThatThrownBy(() -> codec.decode(c, 6))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("cursor was issued to another viewer");
    }

    @Test
    void non_base64_text_is_rejected_as_malformed() {
        assertThatThrownBy(() -> codec.decode("not a cursor!", 5))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("cursor is malformed: not URL-safe base64");
    }

    @Test
    void a_cursor_of_another_version_names_both_versions() {
        byte[] raw = Base64.getUrlDecoder().decode(codec.encode(5, new Keyset(1, 2), 3));
        raw[0] = 2;
        String c = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> codec.decode(c, 5))
                .hasMessage("cursor has unsupported version 2; this server reads version 1");
    }

    @Test
    void a_cursor_signed_with_another_key_is_rejected_as_tampered() {
        String c = new CursorCodec("another-key-0123456789".getBytes()).encode(5, new Keyset(1, 2), 3);
        assertThatThrownBy(() -> codec.decode(c, 5)).hasMessageStartingWith("cursor was tampered with");
    }

    @Test
    void extra_bytes_are_rejected_as_malformed() {
        String c = codec.encode(5, new Keyset(1, 2), 3) + "AAAA";
        assertThatThrownBy(() -> codec.decode(c, 5)).hasMessage("cursor is malformed: expected 41 bytes, got 44");
    }
}
