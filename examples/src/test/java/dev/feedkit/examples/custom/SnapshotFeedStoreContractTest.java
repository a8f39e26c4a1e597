package dev.feedkit.examples.custom;

import dev.feedkit.EntityStore;
import dev.feedkit.FeedSource;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.FeedStoreContract;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A host's own store runs feedkit's whole source-and-store contract by extending one class: load
 * the suite's data set into the store, return it from three hooks.
 */
final class SnapshotFeedStoreContractTest extends FeedStoreContract {
    private final SnapshotFeedStore store = load(standardData());

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

    private static SnapshotFeedStore load(DemoData data) {
        List<long[]> follows = data.follows().stream().map(e -> new long[] {e.from(), e.to()}).collect(Collectors.toList());
        List<long[]> blocks = data.blocks().stream().map(e -> new long[] {e.from(), e.to()}).collect(Collectors.toList());
        List<long[]> mutes = data.mutes().stream().map(e -> new long[] {e.from(), e.to()}).collect(Collectors.toList());
        return new SnapshotFeedStore(data.users().stream().map(DemoData.User::toAuthor).collect(Collectors.toList()),
                data.posts(), follows, blocks, mutes);
    }
}
