package dev.feedkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.FeedAssembler;
import dev.feedkit.json.JsonFeedWriter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** A whole Spring Boot application, autoconfigured from the imports file as a host's would be. */
final class SpringApplicationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(InMemoryApp.class)
    static class App {
    }

    private static SpringApplicationBuilder app(String... properties) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).properties(properties)
                .properties("spring.main.banner-mode=off");
    }

    @Test
    void an_application_with_a_store_gets_an_assembler_and_a_writer() {
        try (ConfigurableApplicationContext context = app().run()) {
            assertThat(context.getBeansOfType(FeedAssembler.class)).hasSize(1);
            assertThat(context.getBeansOfType(JsonFeedWriter.class)).hasSize(1);
            assertThat(context.containsBean("feedkitHealthIndicator")).isTrue();
        }
    }

    @Test
    void a_bad_value_stops_the_application_naming_the_property() {
        assertThatThrownBy(() -> app("feedkit.l1.relationship-ttl=-5s").run().close())
                .satisfies(e -> assertThat(FeedPropertiesValidationTest.messages(e))
                        .contains("feedkit.l1.relationship-ttl must be positive, was PT-5S"));
    }
}
