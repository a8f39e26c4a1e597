package dev.feedkit.jdbc;

import dev.feedkit.DemoData;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedSource;
import dev.feedkit.FeedStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The core's SPI contract suite over PostgreSQL, loaded by COPY with the suite's standard data. */
final class JdbcFeedStoreContractTest extends FeedStoreContract {
    private TestDb db;

    @BeforeAll
    void load() {
        db = TestDb.create();
        db.store.copyDemo(data());
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
        return PgText.storable(text);
    }
}
