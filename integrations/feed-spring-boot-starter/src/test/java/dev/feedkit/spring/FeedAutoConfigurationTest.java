package dev.feedkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedListener;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedStats;
import dev.feedkit.FeedWriter;
import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.json.JsonFeedWriter;
import dev.feedkit.testkit.InMemoryFeedStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which beans the starter contributes, and that a host's own beans win. No services needed. */
final class FeedAutoConfigurationTest {

    @Test
    void a_source_and_store_give_an_assembler_with_the_json_writer_and_a_health_indicator() {
        InMemoryApp.runner().run(context -> {
            assertThat(context).hasSingleBean(FeedAssembler.class).hasSingleBean(JsonFeedWriter.class)
                    .hasBean("feedkitHealthIndicator").doesNotHaveBean(JdbcFeedStore.class);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            context.getBean(FeedAssembler.class).write(FeedRequest.of(InMemoryApp.DATA.sampleViewer()), out);
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"items\":[{\"id\":\"");
            Health health = context.getBean("feedkitHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("store", "up").doesNotContainKey("l2");
        });
    }

    @Test
    void without_a_source_and_store_there_is_no_assembler() {
        new ApplicationContextRunner().withConfiguration(InMemoryApp.ALL)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FeedAssembler.class)
                        .doesNotHaveBean("feedkitHealthIndicator"));
    }

    @Test
    void feedkit_enabled_false_turns_everything_off() {
        InMemoryApp.runner().withPropertyValues("feedkit.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(FeedAssembler.class)
                        .doesNotHaveBean(FeedWriter.class));
    }

    @Test
    void the_health_indicator_can_be_turned_off() {
        InMemoryApp.runner().withPropertyValues("management.health.feedkit.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(FeedAssembler.class)
                        .doesNotHaveBean("feedkitHealthIndicator"));
    }

    @Test
    void a_data_source_gives_the_jdbc_store_in_the_configured_schema() {
        new ApplicationContextRunner().withConfiguration(InMemoryApp.ALL).withUserConfiguration(LazyDataSource.class)
                .withPropertyValues("feedkit.store.schema=feeds")
                .run(context -> {
                    assertThat(context).hasSingleBean(JdbcFeedStore.class).hasSingleBean(FeedAssembler.class);
                    assertThat(context.getBean(JdbcFeedStore.class).schema()).isEqualTo("feeds");
                });
    }

    @Test
    void without_feed_jdbc_a_data_source_gives_no_store() {
        new ApplicationContextRunner().withConfiguration(InMemoryApp.ALL).withUserConfiguration(LazyDataSource.class)
                .withClassLoader(new FilteredClassLoader(JdbcFeedStore.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FeedAssembler.class));
    }

    @Test
    void without_feed_json_there_is_no_writer_and_the_assembler_still_starts() {
        InMemoryApp.runner().withClassLoader(new FilteredClassLoader(JsonFeedWriter.class))
                .run(context -> assertThat(context).hasSingleBean(FeedAssembler.class)
                        .doesNotHaveBean(FeedWriter.class));
    }

    @Test
    void the_hosts_own_store_wins_over_its_data_source() {
        new ApplicationContextRunner().withConfiguration(InMemoryApp.ALL)
                .withUserConfiguration(LazyDataSource.class, InMemoryApp.class)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(JdbcFeedStore.class).hasSingleBean(FeedAssembler.class);
                    assertThat(context.getBean(InMemoryFeedStore.class)).isNotNull();
                });
    }

    @Test
    void the_hosts_own_assembler_and_writer_win() {
        InMemoryApp.runner().withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasSingleBean(FeedAssembler.class).hasSingleBean(FeedWriter.class);
            assertThat(context.getBean(FeedAssembler.class)).isSameAs(context.getBean("ownAssembler"));
            assertThat(context.getBean(FeedWriter.class)).isSameAs(context.getBean("ownWriter"));
        });
    }

    @Test
    void listener_and_customizer_beans_reach_the_builder() {
        InMemoryApp.runner().withUserConfiguration(Listening.class).run(context -> {
            context.getBean(FeedAssembler.class).assemble(FeedRequest.of(InMemoryApp.DATA.sampleViewer()));
            assertThat(context.getBean(Listening.class).pages).isNotEmpty();
            assertThat(context.getBean(Listening.class).customized).containsExactly("customized");
        });
    }

    @Test
    void timelines_are_off_unless_enabled_because_they_need_the_write_path() {
        long viewer = InMemoryApp.DATA.sampleViewer();
        InMemoryApp.runner().run(context -> {
            FeedAssembler feeds = context.getBean(FeedAssembler.class);
            feeds.assemble(FeedRequest.of(viewer));
            assertThat(feeds.timelineStats().timelineReads() + feeds.timelineStats().fallbacks()).isZero();
        });
        InMemoryApp.runner().withPropertyValues("feedkit.timelines.enabled=true").run(context -> {
            FeedAssembler feeds = context.getBean(FeedAssembler.class);
            feeds.assemble(FeedRequest.of(viewer));
            assertThat(feeds.timelineStats().timelineReads() + feeds.timelineStats().fallbacks()).isPositive();
        });
    }

    @Test
    void the_imports_file_lists_every_autoconfiguration() {
        List<String> imported = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
                .getCandidates().stream().filter(name -> name.startsWith("dev.feedkit.")).toList();
        assertThat(imported).containsExactly(FeedJdbcAutoConfiguration.class.getName(),
                FeedRedisAutoConfiguration.class.getName(), FeedJsonAutoConfiguration.class.getName(),
                FeedAutoConfiguration.class.getName(), FeedHealthAutoConfiguration.class.getName(),
                FeedMetricsAutoConfiguration.class.getName());
    }

    @Test
    void metrics_time_real_pages_into_the_applications_registry() {
        InMemoryApp.runner().withBean(io.micrometer.core.instrument.simple.SimpleMeterRegistry.class).run(context -> {
            assertThat(context).hasSingleBean(dev.feedkit.micrometer.FeedkitMetrics.class);
            var registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            FeedAssembler feeds = context.getBean(FeedAssembler.class);
            feeds.assemble(FeedRequest.of(InMemoryApp.DATA.sampleViewer()));
            assertThat(registry.get("feedkit.page").tag("stage", "source").timer().count()).isEqualTo(1);
            assertThat(registry.get("cache.gets").tag("cache", "feedkit.l1").tag("result", "miss")
                    .functionCounter().count()).isPositive();
        });
    }

    @Test
    void metrics_stay_off_without_feed_micrometer() {
        InMemoryApp.runner().withClassLoader(new FilteredClassLoader(
                dev.feedkit.micrometer.FeedkitMetrics.class))
                .run(context -> assertThat(context).doesNotHaveBean(FeedMetricsAutoConfiguration.class)
                        .hasSingleBean(FeedAssembler.class));
    }

    /** A PostgreSQL data source that never connects unless asked to. */
    @Configuration(proxyBeanMethods = false)
    static class LazyDataSource {
        @Bean
        DataSource dataSource() {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl("jdbc:postgresql://127.0.0.1:1/none");
            return ds;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        @Bean
        FeedWriter ownWriter() {
            return JsonFeedWriter.create();
        }

        @Bean(destroyMethod = "close")
        FeedAssembler ownAssembler(InMemoryFeedStore store) {
            return FeedAssembler.newBuilder().source(store).store(store).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listening {
        final List<FeedStats> pages = new CopyOnWriteArrayList<>();
        final List<String> customized = new CopyOnWriteArrayList<>();

        @Bean
        FeedListener recordingListener() {
            return pages::add;
        }

        @Bean
        FeedAssemblerCustomizer recordingCustomizer() {
            return builder -> customized.add("customized");
        }
    }
}
