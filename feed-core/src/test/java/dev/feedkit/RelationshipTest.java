package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class RelationshipTest {

    @Test
    void a_mute_hides_the_author_while_the_follow_stays() {
        Relationship r = Relationship.of(true, false, false, false, true);
        assertThat(r.following()).isTrue();
        assertThat(r.muting()).isTrue();
        assertThat(r.hides()).isTrue();
        assertThat(Relationship.of(true, false, false, false).hides()).isFalse();
    }

    @Test
    void the_four_flag_factory_is_the_unmuted_instance_with_the_bits_used_before_mutes() {
        for (int bits = 0; bits < 16; bits++) {
            Relationship r = Relationship.ofBits(bits);
            assertThat(r.muting()).isFalse();
            assertThat(Relationship.of(r.following(), r.followedBy(), r.blocking(), r.blockedBy())).isSameAs(r);
            assertThat(Relationship.ofBits(bits | 16).muting()).isTrue();
            assertThat(Relationship.ofBits(bits | 16).bits()).isEqualTo(bits + 16);
        }
    }

    @Test
    void bits_outside_0_to_31_are_refused() {
        assertThatThrownBy(() -> Relationship.ofBits(32))
                .hasMessage("relationship bits must be between 0 and 31, was 32");
        assertThatThrownBy(() -> Relationship.ofBits(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
