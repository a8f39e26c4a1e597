package dev.feedkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.Post;
import dev.feedkit.TimelineStore;
import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.redis.RedisCacheTier;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.DemoLoader;
import dev.feedkit.testkit.FeedOracle;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A minimal application context against the real PostgreSQL (a private schema, loaded with
 * feed-testkit's DemoLoader) and Redis (a private key prefix): the starter builds the store, the
 * L2 and the assembler from the host's DataSource and RedisClient, and pages match the oracle.
 */
final class FeedStarterServicesTest {
    private static final DemoData DATA = DemoData.newBuilder().users(300).posts(5_000).meanFollows(25).build();
    private static final String CURSOR_KEY = Base64.getEncoder()
            .encodeToString("wt2-spring services test cursor".getBytes(StandardCharsets.UTF_8));

    private Services services;

    @BeforeEach
    void requireServices() {
        services = Services.require();
    }

    @AfterEach
    void cleanUp() throws SQLException {
        if (services != null) {
            services.cleanUp();
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(InMemoryApp.ALL)
                .withUserConfiguration(Services.HostBeans.class).withPropertyValues(services.isolation());
    }

    @Test
    void pages_come_from_postgresql_through_the_redis_l2_and_render_as_json() {
        runner().withPropertyValues("feedkit.cursor.key=" + CURSOR_KEY).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(JdbcFeedStore.class).hasSingleBean(RedisCacheTier.class);
            JdbcFeedStore store = context.getBean(JdbcFeedStore.class);
            assertThat(store.schema()).isEqualTo(services.schema);
            DemoLoader.copy(store.dataSource(), store.schema(), DATA);

            FeedAssembler feeds = context.getBean(FeedAssembler.class);
            long viewer = DATA.sampleViewer();
            List<Long> expected = new FeedOracle(DATA).feed(viewer).stream().map(Post::id).toList();
            assertThat(expected).hasSizeGreaterThan(FeedRequest.DEFAULT_LIMIT);

            FeedPage first = feeds.assemble(FeedRequest.of(viewer));
            assertThat(ids(first)).isEqualTo(expected.subList(0, FeedRequest.DEFAULT_LIMIT));
            assertThat(context.getBean(RedisCacheTier.class).stats().misses()).as("L2 consulted").isPositive();

            ByteArrayOutputStream json = new ByteArrayOutputStream();
            feeds.write(FeedRequest.newBuilder(viewer).cursor(first.nextPage()).build(), json);
            JsonNode page = new ObjectMapper().readTree(json.toByteArray());
            List<Long> rendered = new ArrayList<>();
            page.get("items").forEach(item -> rendered.add(Long.parseLong(item.get("id").asText())));
            assertThat(rendered).isEqualTo(expected.subList(FeedRequest.DEFAULT_LIMIT, 2 * FeedRequest.DEFAULT_LIMIT));
            assertThat(page.get("next_page").asText()).isNotBlank();

            Health health = context.getBean("feedkitHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("store", "up").containsEntry("l2", "up");
        });
    }

    @Test
    void a_redis_l2_without_a_cursor_key_fails_start_up_naming_the_property() {
        runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(FeedPropertiesValidationTest.messages(context.getStartupFailure()))
                    .contains("feedkit.cursor.key must be set with a shared L2");
        });
    }

    @Test
    void timelines_on_by_property_live_in_redis() {
        runner().withPropertyValues("feedkit.cursor.key=" + CURSOR_KEY, "feedkit.timelines.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(TimelineStore.class);
            assertThat(context.getBean(TimelineStore.class).getClass().getName()).startsWith("dev.feedkit.redis.");
            JdbcFeedStore store = context.getBean(JdbcFeedStore.class);
            DemoLoader.copy(store.dataSource(), store.schema(), DATA);
            FeedAssembler feeds = context.getBean(FeedAssembler.class);
            long viewer = DATA.sampleViewer();
            List<Long> expected = new FeedOracle(DATA).feed(viewer).stream().map(Post::id).toList();
            assertThat(ids(feeds.assemble(FeedRequest.of(viewer)))).isEqualTo(expected.subList(0, FeedRequest.DEFAULT_LIMIT));
            assertThat(feeds.timelineStats().fallbacks() + feeds.timelineStats().timelineReads())
                    .as("the page went through the timelines").isPositive();
        });
    }

    private static List<Long> ids(FeedPage page) {
        return page.items().stream().map(FeedItem::post).map(Post::id).toList();
    }
}
