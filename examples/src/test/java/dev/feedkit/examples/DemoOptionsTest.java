package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class DemoOptionsTest {

    @Test
    void defaults_serve_ten_thousand_users_on_port_8080() {
        DemoOptions o = DemoOptions.parse(new String[0], Map.of());

        assertThat(o.port).isEqualTo(8080);
        assertThat(o.host).isEqualTo("127.0.0.1");
        assertThat(o.users).isEqualTo(10_000);
        assertThat(o.posts).isEqualTo(200_000);
        assertThat(o.pgUrl).isNull();
        assertThat(o.redisUrl).isNull();
        assertThat(o.help).isFalse();
    }

    @Test
    void flags_win_over_the_environment_and_both_spellings_work() {
        Map<String, String> env = Map.of("FEEDKIT_DEMO_PORT", "9000", "FEEDKIT_DEMO_USERS", "300",
                "FEEDKIT_DEMO_THREADS", "3", "FEEDKIT_PG_URL", "jdbc:postgresql://db/x");

        DemoOptions o = DemoOptions.parse(new String[] {"--port=0", "--posts", "1_000", "--seed", "-5"}, env);

        assertThat(o.port).isZero();
        assertThat(o.users).isEqualTo(300);
        assertThat(o.threads).isEqualTo(3);
        assertThat(o.posts).isEqualTo(1000);
        assertThat(o.seed).isEqualTo(-5);
        assertThat(o.pgUrl).isEqualTo("jdbc:postgresql://db/x");
    }

    @Test
    void out_of_range_value_names_the_flag_the_bound_and_the_value() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--port", "70000"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port must be between 0 and 65535, was 70000");
    }

    @Test
    void bad_environment_value_is_reported_under_its_flag() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[0], Map.of("FEEDKIT_DEMO_THREADS", "many")))
                .hasMessage("--threads must be an integer, was \"many\"");
    }

    @Test
    void unknown_flag_and_missing_value_are_rejected() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--prot", "1"}, Map.of()))
                .hasMessage("unknown argument --prot; see --help");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--users"}, Map.of()))
                .hasMessage("--users needs a value; see --help");
    }

    @Test
    void cursor_keys_come_from_the_flags_or_the_environment() {
        DemoOptions o = DemoOptions.parse(new String[] {"--cursor-key-id", "2"},
                Map.of("FEEDKIT_CURSOR_KEY", "a-secret-of-sixteen-bytes", "FEEDKIT_PREVIOUS_CURSOR_KEY", "1:old:secret-0123456789"));

        assertThat(new String(o.cursorKey, StandardCharsets.UTF_8)).isEqualTo("a-secret-of-sixteen-bytes");
        assertThat(o.cursorKeyId).isEqualTo(2);
        assertThat(o.previousCursorKeyId).isEqualTo(1);
        assertThat(new String(o.previousCursorKey, StandardCharsets.UTF_8)).isEqualTo("old:secret-0123456789");
        assertThat(DemoOptions.parse(new String[0], Map.of()).cursorKey).as("default: the per-process key").isNull();
    }

    @Test
    void bad_cursor_keys_are_rejected_without_echoing_the_secret() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--cursor-key", "short"}, Map.of()))
                .hasMessage("--cursor-key must be at least 16 bytes, was 5");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--previous-cursor-key", "no-id-secret-0123456789"}, Map.of()))
                .hasMessage("--previous-cursor-key must be ID:SECRET, as in 1:my-old-secret-of-16-bytes; the value has no ':'");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--cursor-key-id", "256"}, Map.of()))
                .hasMessage("--cursor-key-id must be between 0 and 255, was 256");
    }

    @Test
    void redis_without_a_cursor_key_is_refused_naming_the_flag() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--redis-url", "redis://127.0.0.1:6379"}, Map.of()))
                .hasMessage("--redis-url needs --cursor-key (FEEDKIT_CURSOR_KEY): instances that share Redis must sign"
                        + " cursors with the same secret, of at least 16 bytes");
    }
}
