package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A timeline store that fails or answers late makes a page slower, never an error. */
final class TimelineReadFailureTest {

    @Test
    void a_failing_timeline_read_serves_the_page_from_the_keyset_source() {
        TestFeed feed = TestFeed.random(7, 30, 20);
        TimelineStore healthy = TimelineStore.inMemory(100);
        FailingReads store = new FailingReads(healthy);
        try (FeedAssembler plain = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false)
                .cursorKey(TestFeed.CURSOR_KEY).timelines(false).build();
                FeedAssembler timelines = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false)
                        .cursorKey(TestFeed.CURSOR_KEY).timelineStore(store).followerSource(NO_FOLLOWERS)
                        .authorPostSource((author, after, max, out, deadline) -> { }).build()) {
            FeedRequest first = FeedRequest.newBuilder(3).limit(10).seed(1).build();

            FeedPage page = timelines.assemble(first);

            assertThat(ids(page)).isNotEmpty().isEqualTo(ids(plain.assemble(first)));
            assertThat(timelines.timelineStats().readFailures()).isEqualTo(1);
            assertThat(timelines.timelineStats().rebuilds()).as("a failed read queues no rebuild").isZero();
        }
    }

    private static List<Long> ids(FeedPage page) {
        return page.items().stream().map(i -> i.post().id()).collect(Collectors.toList());
    }

    private static final FollowerSource NO_FOLLOWERS = new FollowerSource() {
        @Override
        public int followers(long authorId, long afterId, long[] out, Deadline deadline) {
            return 0;
        }

        @Override
        public long followerCount(long authorId, long atMost, Deadline deadline) {
            return 0;
        }
    };

    /** Every read times out, as a Redis timeline store does when Redis is frozen; writes work. */
    private static final class FailingReads implements TimelineStore {
        private final TimelineStore delegate;

        FailingReads(TimelineStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public int capacity() {
            return delegate.capacity();
        }

        @Override
        public Read read(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
            throw new FeedUnavailableException("timeline read timed out", null);
        }

        @Override
        public void push(long postId, long authorId, long createdAtMicros, long[] viewerIds, int viewerCount) {
            delegate.push(postId, authorId, createdAtMicros, viewerIds, viewerCount);
        }

        @Override
        public boolean startRebuild(long viewerId) {
            return delegate.startRebuild(viewerId);
        }

        @Override
        public boolean finishRebuild(long viewerId, Candidates entries, boolean complete) {
            return delegate.finishRebuild(viewerId, entries, complete);
        }

        @Override
        public boolean merge(long viewerId, Candidates entries, boolean complete) {
            return delegate.merge(viewerId, entries, complete);
        }

        @Override
        public void removeAuthor(long viewerId, long authorId) {
            delegate.removeAuthor(viewerId, authorId);
        }

        @Override
        public void removePost(long postId, long authorId, long createdAtMicros, long[] viewerIds, int viewerCount) {
            delegate.removePost(postId, authorId, createdAtMicros, viewerIds, viewerCount);
        }

        @Override
        public void drop(long viewerId) {
            delegate.drop(viewerId);
        }
    }
}
