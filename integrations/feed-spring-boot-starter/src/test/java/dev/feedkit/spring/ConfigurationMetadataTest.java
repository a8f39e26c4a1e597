package dev.feedkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The configuration processor's META-INF/spring-configuration-metadata.json documents every
 * property (IDEs show it on completion), with the defaults the library uses.
 */
final class ConfigurationMetadataTest {

    @Test
    void every_property_has_a_description() throws IOException {
        Map<String, JsonNode> properties = properties();
        assertThat(properties).hasSizeGreaterThan(30);
        List<String> undocumented = new ArrayList<>();
        properties.forEach((name, p) -> {
            if (!p.hasNonNull("description") || p.get("description").asText().isBlank()) {
                undocumented.add(name);
            }
        });
        assertThat(undocumented).as("properties without a description").isEmpty();
    }

    @Test
    void the_issues_settings_are_there_with_the_library_defaults() throws IOException {
        Map<String, JsonNode> p = properties();
        assertThat(p).containsKeys("feedkit.l1.maximum-weight", "feedkit.l1.entity-ttl", "feedkit.l1.relationship-ttl",
                "feedkit.l1.negative-ttl", "feedkit.timeout", "feedkit.prewarm.enabled", "feedkit.prewarm.threads",
                "feedkit.cursor.key", "feedkit.cursor.key-id", "feedkit.cursor.previous-keys", "feedkit.store.schema",
                "feedkit.redis.key-prefix", "feedkit.redis.timeout", "management.health.feedkit.enabled");
        assertThat(p.get("feedkit.l1.maximum-weight").get("defaultValue").asText()).isEqualTo("64MB");
        assertThat(p.get("feedkit.l1.entity-ttl").get("defaultValue").asText()).isEqualTo("5m");
        assertThat(p.get("feedkit.timeout").get("defaultValue").asText()).isEqualTo("1s");
        assertThat(p.get("feedkit.redis.timeout").get("defaultValue").asText()).isEqualTo("5ms");
        assertThat(p.get("feedkit.prewarm.queue").get("defaultValue").asInt()).isEqualTo(64);
    }

    @Test
    void every_property_is_bound_to_feed_properties_or_named_on_purpose() throws IOException {
        properties().forEach((name, p) -> {
            if (!name.equals("management.health.feedkit.enabled")) {
                assertThat(p.get("sourceType").asText()).as(name).startsWith(FeedProperties.class.getName());
            }
        });
    }

    private static Map<String, JsonNode> properties() throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata on the classpath").isNotNull();
            Map<String, JsonNode> byName = new TreeMap<>();
            for (JsonNode p : new ObjectMapper().readTree(in).get("properties")) {
                byName.put(p.get("name").asText(), p);
            }
            return byName;
        }
    }
}
