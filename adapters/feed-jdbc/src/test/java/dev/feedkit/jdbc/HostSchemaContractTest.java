package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.EntityStore;
import dev.feedkit.FeedSource;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.DemoLoader;
import dev.feedkit.testkit.FeedStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's SPI contract suite over the README's worked example: a host schema with other table
 * and column names (accounts, subscriptions, blocklist, silenced, articles, ...), read through the
 * host's own SQL for every statement, checked against the live database at build().
 */
final class HostSchemaContractTest extends FeedStoreContract {
    private HostSchema host;
    private JdbcFeedStore store;

    @BeforeAll
    void load() {
        host = HostSchema.create(data());
        store = host.builder().build();
    }

    @AfterAll
    void drop() {
        if (host != null) {
            host.close();
        }
    }

    @Override
    protected DemoData data() {
        return standardData();
    }

    @Override
    protected FeedSource source() {
        return store;
    }

    @Override
    protected EntityStore store() {
        return store;
    }

    @Override
    protected String storedText(String text) {
        return DemoLoader.storable(text);
    }

    @Test
    void the_host_store_runs_the_hosts_sql_not_the_reference() {
        assertThat(store.source().sql().text()).contains("articles").doesNotContain(".posts");
        assertThat(store.store().batch().text()).contains("accounts").contains("feed_media").contains("silenced")
                .doesNotContain(".users");
    }
}
