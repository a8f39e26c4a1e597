package dev.feedkit.spring;

import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.InMemoryFeedStore;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A host application with feed-testkit's in-memory store as its source and store. */
@Configuration(proxyBeanMethods = false)
class InMemoryApp {
    static final DemoData DATA = DemoData.newBuilder().users(200).posts(3_000).meanFollows(20).build();

    /** Every feedkit autoconfiguration, as a Boot application gets them from the imports file. */
    static final AutoConfigurations ALL = AutoConfigurations.of(FeedJdbcAutoConfiguration.class,
            FeedRedisAutoConfiguration.class, FeedJsonAutoConfiguration.class, FeedAutoConfiguration.class,
            FeedHealthAutoConfiguration.class, FeedMetricsAutoConfiguration.class);

    @Bean
    InMemoryFeedStore store() {
        return InMemoryFeedStore.of(DATA);
    }

    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(ALL).withUserConfiguration(InMemoryApp.class);
    }
}
