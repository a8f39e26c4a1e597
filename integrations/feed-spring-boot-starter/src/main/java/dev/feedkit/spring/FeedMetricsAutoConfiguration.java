package dev.feedkit.spring;

import dev.feedkit.FeedAssembler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/**
 * Micrometer metrics of the assembler, when Micrometer and feedkit's {@code feed-micrometer}
 * module are both on the classpath and there is a {@link FeedAssembler}.
 *
 * <p>MERGE HOOK (feed-micrometer): feed-micrometer is built on another branch. At merge, set
 * {@link #BINDER} to its binder's class name, add feed-micrometer to this module's pom as an
 * optional dependency, and add one bean here, such as:
 * <pre>{@code
 * @Bean
 * @ConditionalOnMissingBean
 * FeedMeterBinder feedkitMeterBinder(FeedAssembler feeds) {   // a MeterBinder: Boot binds it to every registry
 *     return FeedMeterBinder.of(feeds);
 * }
 * }</pre>
 * If the binder is a {@code FeedListener} that must be on the builder, add it through a
 * {@link FeedAssemblerCustomizer} bean (or as a {@code FeedListener} bean, which
 * {@link FeedAutoConfiguration} adds), and order this class before {@link FeedAutoConfiguration}.
 * Until then the class condition never matches and this configuration contributes nothing.
 */
@AutoConfiguration(after = FeedAutoConfiguration.class)
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", FeedMetricsAutoConfiguration.BINDER})
@ConditionalOnBean(FeedAssembler.class)
public class FeedMetricsAutoConfiguration {
    /** The class whose presence turns metrics on: feed-micrometer's binder (set at merge). */
    static final String BINDER = "dev.feedkit.micrometer.FeedMeterBinder";
}
