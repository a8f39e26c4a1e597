package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
