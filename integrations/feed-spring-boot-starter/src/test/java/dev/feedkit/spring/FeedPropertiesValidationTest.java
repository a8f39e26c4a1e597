package dev.feedkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A bad feedkit.* value fails start-up with a message that names the property; good ones reach the assembler. */
final class FeedPropertiesValidationTest {
    private static final String KEY_1 = base64("spring starter test cursor key 1");
    private static final String KEY_2 = base64("spring starter test cursor key 2");

    @Test
    void a_negative_l1_size_fails_start_up_naming_the_property() {
        assertStartupFails("feedkit.l1.maximum-weight=-1MB", "feedkit.l1.maximum-weight must be between 1048576B");
    }

    @Test
    void an_l1_size_below_one_megabyte_fails_start_up_naming_the_property() {
        assertStartupFails("feedkit.l1.maximum-weight=512KB", "feedkit.l1.maximum-weight must be between");
    }

    @Test
    void a_zero_ttl_fails_start_up_naming_the_property() {
        assertStartupFails("feedkit.l1.entity-ttl=0s", "feedkit.l1.entity-ttl must be positive, was PT0S");
    }

    @Test
    void a_negative_ttl_longer_than_the_entity_ttl_fails_start_up_naming_both() {
        assertStartupFails("feedkit.l1.negative-ttl=10m",
                "feedkit.l1.negative-ttl must not exceed feedkit.l1.entity-ttl (PT5M), was PT10M");
    }

    @Test
    void a_short_cursor_key_fails_start_up_without_printing_it() {
        String shortKey = base64("too short");
        Throwable failure = startupFailure("feedkit.cursor.key=" + shortKey);
        assertThat(messages(failure)).contains("feedkit.cursor.key must be Base64 of at least 16 bytes")
                .doesNotContain(shortKey);
    }

    @Test
    void a_cursor_key_that_is_not_base64_fails_start_up_naming_the_property() {
        assertStartupFails("feedkit.cursor.key=not base64 at all!!", "feedkit.cursor.key must be Base64");
    }

    @Test
    void a_previous_key_without_a_current_one_fails_start_up_naming_it() {
        assertStartupFails("feedkit.cursor.previous-keys.1=" + KEY_1,
                "feedkit.cursor.previous-keys[1] needs a current key: set feedkit.cursor.key");
    }

    @Test
    void a_previous_key_with_the_current_id_fails_start_up_naming_it() {
        Throwable failure = startupFailure("feedkit.cursor.key=" + KEY_2, "feedkit.cursor.key-id=1",
                "feedkit.cursor.previous-keys.1=" + KEY_1);
        assertThat(messages(failure)).contains("feedkit.cursor.previous-keys[1] must not have the id of"
                + " feedkit.cursor.key-id (1)").doesNotContain(KEY_1).doesNotContain(KEY_2);
    }

    @Test
    void pool_sizes_out_of_range_fail_start_up_naming_the_property() {
        assertStartupFails("feedkit.prewarm.threads=0", "feedkit.prewarm.threads must be between 1 and 64, was 0");
        assertStartupFails("feedkit.async.queue=-5", "feedkit.async.queue must be between 1 and 1048576, was -5");
        assertStartupFails("feedkit.timelines.fan-out.threads=65", "feedkit.timelines.fan-out.threads must be between");
    }

    @Test
    void redis_and_store_settings_are_checked_even_before_a_client_exists() {
        assertStartupFails("feedkit.redis.key-prefix=app:{x}:", "feedkit.redis.key-prefix must not contain '{' or '}'");
        assertStartupFails("feedkit.redis.timeout=0ms", "feedkit.redis.timeout must be between PT0.001S and PT10S");
        assertStartupFails("feedkit.store.schema=Bad-Schema", "feedkit.store.schema must be a lower-case identifier");
        assertStartupFails("feedkit.store.breaker-cool-down=1ms", "feedkit.store.breaker-cool-down must be between");
    }

    @Test
    void a_value_that_cannot_be_converted_fails_start_up_naming_the_property() {
        assertStartupFails("feedkit.timeout=soon", "feedkit.timeout");
    }

    @Test
    void every_error_is_reported_at_once() {
        Throwable failure = startupFailure("feedkit.l1.entity-ttl=0s", "feedkit.prewarm.queue=0");
        assertThat(messages(failure)).contains("feedkit.l1.entity-ttl").contains("feedkit.prewarm.queue");
    }

    @Test
    void the_cursor_key_and_its_previous_keys_reach_the_assembler() {
        long viewer = InMemoryApp.DATA.sampleViewer();
        String[] cursor = new String[1];
        InMemoryApp.runner().withPropertyValues("feedkit.cursor.key=" + KEY_1, "feedkit.cursor.key-id=1")
                .run(context -> {
                    FeedPage first = context.getBean(FeedAssembler.class).assemble(FeedRequest.of(viewer));
                    cursor[0] = first.nextPage();
                });
        assertThat(cursor[0]).isNotNull();
        FeedRequest next = FeedRequest.newBuilder(viewer).cursor(cursor[0]).build();
        // Rotated: key 2 signs, key 1 is still accepted.
        InMemoryApp.runner().withPropertyValues("feedkit.cursor.key=" + KEY_2, "feedkit.cursor.key-id=2",
                "feedkit.cursor.previous-keys.1=" + KEY_1)
                .run(context -> assertThat(context.getBean(FeedAssembler.class).assemble(next).items()).isNotEmpty());
        // Another secret under the same id: the cursor is refused.
        InMemoryApp.runner().withPropertyValues("feedkit.cursor.key=" + KEY_2, "feedkit.cursor.key-id=1")
                .run(context -> {
                    FeedAssembler feeds = context.getBean(FeedAssembler.class);
                    ThrowableAssert.ThrowingCallable assemble = () -> feeds.assemble(next);
                    org.assertj.core.api.Assertions.assertThatThrownBy(assemble)
                            .isInstanceOf(InvalidRequestException.class);
                });
    }

    @Test
    void default_properties_start_an_assembler() {
        InMemoryApp.runner().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(FeedAssembler.class);
            FeedProperties p = context.getBean(FeedProperties.class);
            assertThat(p.getL1().getMaximumWeight().toMegabytes()).isEqualTo(64);
        });
    }

    private static void assertStartupFails(String property, String expected) {
        assertThat(messages(startupFailure(property))).contains(expected);
    }

    private static Throwable startupFailure(String... properties) {
        Throwable[] failure = new Throwable[1];
        ApplicationContextRunner runner = InMemoryApp.runner().withPropertyValues(properties);
        runner.run(context -> {
            assertThat(context).hasFailed();
            failure[0] = context.getStartupFailure();
        });
        assertThat(failure[0]).as("start-up failure with " + String.join(", ", properties)).isNotNull();
        return failure[0];
    }

    /** Every message of the failure and its causes, the way a start-up log prints them. */
    static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
