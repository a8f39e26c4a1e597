package dev.feedkit.spring;

import dev.feedkit.EntityStore;
import dev.feedkit.FeedSource;
import dev.feedkit.jdbc.JdbcFeedStore;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The PostgreSQL source and store (feed-jdbc) over the application's {@link DataSource}, in
 * {@code feedkit.store.schema}, when feed-jdbc is on the classpath, there is one data source, and
 * the application defines no {@link FeedSource} or {@link EntityStore} of its own. The data source
 * stays the application's: closing the store leaves it open.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({JdbcFeedStore.class, DataSource.class})
@ConditionalOnProperty(prefix = FeedProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(FeedProperties.class)
public class FeedJdbcAutoConfiguration {

    /**
     * Returns the store, migrated first when {@code feedkit.store.migrate} is on.
     *
     * @param dataSource the application's data source
     * @param properties the bound properties
     * @return the store, also the feed source
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean({FeedSource.class, EntityStore.class})
    public JdbcFeedStore feedkitJdbcStore(DataSource dataSource, FeedProperties properties) {
        JdbcFeedStore store = JdbcFeedStore.of(dataSource, properties.getStore().getSchema());
        if (properties.getStore().isMigrate()) {
            store.migrate();
        }
        return store;
    }
}
