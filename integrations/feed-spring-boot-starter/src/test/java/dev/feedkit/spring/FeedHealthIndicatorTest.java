package dev.feedkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedSource;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.redis.RedisCacheTier;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.InMemoryFeedStore;
import dev.feedkit.testkit.PrivateRedis;
import io.lettuce.core.RedisClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The feedkit health indicator follows the store's and the Redis L2's circuit breakers. */
final class FeedHealthIndicatorTest {
    private static final InMemoryFeedStore MEMORY = InMemoryFeedStore.of(InMemoryApp.DATA);

    @Test
    void an_open_store_breaker_is_down() {
        new ApplicationContextRunner().withConfiguration(InMemoryApp.ALL).withUserConfiguration(FailingSource.class)
                .withPropertyValues("feedkit.store.breaker-failures=2", "feedkit.store.breaker-cool-down=10m")
                .run(context -> {
                    assertThat(health(context).getStatus()).isEqualTo(Status.UP);
                    FeedAssembler feeds = context.getBean(FeedAssembler.class);
                    for (int i = 0; i < 2; i++) {
                        assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(InMemoryApp.DATA.sampleViewer())))
                                .isInstanceOf(FeedUnavailableException.class);
                    }
                    Health h = health(context);
                    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(h.getDetails()).containsEntry("store", "circuit open")
                            .containsEntry("storeCircuitOpened", 1L);
                });
    }

    @Test
    void an_open_l2_breaker_stays_up_and_says_so() {
        try (PrivateRedis redis = PrivateRedis.start()) {
            new ApplicationContextRunner().withConfiguration(InMemoryApp.ALL).withUserConfiguration(InMemoryApp.class)
                    .withBean(RedisClient.class, () -> client(redis.uri()))
                    .withPropertyValues("feedkit.cursor.key=" + Base64.getEncoder().encodeToString(
                            "health test cursor key, 32 byte".getBytes(StandardCharsets.UTF_8)),
                            "feedkit.prewarm.enabled=false", "feedkit.redis.timeout=250ms",
                            "feedkit.redis.breaker-failures=2", "feedkit.redis.breaker-cool-down=10m")
                    .run(context -> {
                        assertThat(context).hasSingleBean(RedisCacheTier.class);
                        FeedAssembler feeds = context.getBean(FeedAssembler.class);
                        List<DemoData.User> viewers = InMemoryApp.DATA.users();
                        assertThat(feeds.assemble(FeedRequest.of(viewers.get(0).id())).items()).isNotNull();
                        assertThat(health(context).getDetails()).containsEntry("l2", "up");

                        redis.kill();
                        RedisCacheTier tier = context.getBean(RedisCacheTier.class);
                        // Each page's L1 misses ask the dead Redis once; pages keep coming from the store.
                        for (int i = 1; i < 40 && !tier.stats().circuitOpen(); i++) {
                            feeds.assemble(FeedRequest.of(viewers.get(i).id()));
                        }
                        Health h = health(context);
                        assertThat(h.getStatus()).isEqualTo(Status.UP);
                        assertThat(h.getDetails()).containsEntry("l2", "circuit open").containsEntry("store", "up");
                    });
        }
    }

    private static RedisClient client(String uri) {
        RedisClient client = RedisClient.create(uri);
        client.setOptions(RedisCacheTier.recommendedClientOptions());
        return client;
    }

    private static Health health(ApplicationContext context) {
        return context.getBean("feedkitHealthIndicator", HealthIndicator.class).health();
    }

    /** A database that is down for the source; the store is never reached. */
    @Configuration(proxyBeanMethods = false)
    static class FailingSource {
        @Bean
        FeedSource failingSource() {
            return (viewerId, after, max, out, deadline) -> {
                throw new FeedUnavailableException("database down (test)", null);
            };
        }

        @Bean
        EntityStore store() {
            return MEMORY::load;
        }
    }
}
