package dev.feedkit.jdbc;

import dev.feedkit.testkit.DemoLoader;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedSource;
import dev.feedkit.testkit.FeedStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The core's SPI contract suite over PostgreSQL, loaded by COPY with the suite's standard data. */
final class JdbcFeedStoreContractTest extends FeedStoreContract {
    private TestDb db;

    @BeforeAll
    void load() {
        db = TestDb.create();
        DemoLoader.copy(db.store.dataSource(), db.store.schema(), data());
    }

    @AfterAll
    void drop() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected DemoData data() {
        return standardData();
    }

    @Override
    protected FeedSource source() {
        return db.store;
    }

    @Override
    protected EntityStore store() {
        return db.store;
    }

    @Override
    protected String storedText(String text) {
        return DemoLoader.storable(text);
    }
}
