package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class DemoMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void started_demo_serves_the_sample_viewers_first_page() {
        DemoOptions options = DemoOptions.parse(new String[] {"--port", "0", "--users", "200", "--posts", "3000",
            "--follows", "10", "--seed", "3"}, Map.of());
        try (DemoMain.Running running = DemoMain.start(options)) {
            TestHttp.Reply reply = new TestHttp(running.server().uri()).get(running.sampleUrl().toString());

            assertThat(running.sampleUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+/api/v1/feed\\?viewer=\\d+");
            assertThat(running.backend().description()).isEqualTo("in-memory: 200 users, 3000 posts");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("items")).isNotEmpty();
        }
    }

    @Test
    void help_prints_the_usage_and_exits_zero() {
        int status = DemoMain.run(new String[] {"--help"}, Map.of(), print(out), print(err));

        assertThat(status).isZero();
        assertThat(text(out)).startsWith("usage: bin/demo").contains("--users").contains("--threads");
    }

    @Test
    void bad_flag_prints_why_and_exits_two() {
        int status = DemoMain.run(new String[] {"--users", "lots"}, Map.of(), print(out), print(err));

        assertThat(status).isEqualTo(2);
        assertThat(text(err)).isEqualTo("feedkit demo: --users must be an integer, was \"lots\"\n");
    }

    @Test
    void sizes_that_disagree_exit_one_with_the_generators_message() {
        int status = DemoMain.run(new String[] {"--port", "0", "--users", "10", "--follows", "10"}, Map.of(),
                print(out), print(err));

        assertThat(status).isEqualTo(1);
        assertThat(text(err)).startsWith("feedkit demo: meanFollows must be smaller than users (10), was 10");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
