package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.CacheKey;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

final class RedisKeysTest {
    private final RedisKeys keys = new RedisKeys("app:\u00e9:");

    @Property(tries = 500)
    void keys_follow_the_documented_layout_for_any_id(@ForAll long first, @ForAll long second) {
        assertThat(text(keys.post(first))).isEqualTo("app:\u00e9:{p:" + first + "}");
        assertThat(text(keys.author(first))).isEqualTo("app:\u00e9:{u:" + first + "}");
        assertThat(text(keys.relationship(first, second))).isEqualTo("app:\u00e9:{r:" + first + ":" + second + "}");
        assertThat(text(keys.of(CacheKey.relationship(first, second)))).isEqualTo(text(keys.relationship(first, second)));
    }

    @Property(tries = 1)
    void extreme_ids_are_written_in_full() {
        assertThat(text(keys.post(Long.MIN_VALUE + 1))).isEqualTo("app:\u00e9:{p:-9223372036854775807}");
        assertThat(text(keys.post(Long.MAX_VALUE))).isEqualTo("app:\u00e9:{p:9223372036854775807}");
        assertThat(text(keys.post(0))).isEqualTo("app:\u00e9:{p:0}");
        assertThat(text(keys.relationship(Long.MIN_VALUE, -1))).isEqualTo("app:\u00e9:{r:-9223372036854775808:-1}");
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
