package dev.feedkit.testkit;

import dev.feedkit.TimelineStore;

/** Runs the timeline contract against {@link TimelineStore#inMemory(int)}. */
final class InMemoryTimelineStoreContractTest extends TimelineStoreContract {
    @Override
    protected TimelineStore newStore(int capacity) {
        return TimelineStore.inMemory(capacity);
    }
}
