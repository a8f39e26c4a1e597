package dev.feedkit.testkit;

import dev.feedkit.EntityStore;
import dev.feedkit.FeedSource;

/** Runs the SPI contract against {@link InMemoryFeedStore}. */
final class InMemoryFeedStoreContractTest extends FeedStoreContract {
    private final InMemoryFeedStore store = InMemoryFeedStore.of(standardData());

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
}
