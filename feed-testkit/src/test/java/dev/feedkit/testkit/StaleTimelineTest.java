package dev.feedkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedSource;
import dev.feedkit.FeedStats;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.Keyset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With timelines on, a page whose keyset source fails is served from the viewer's timeline alone. */
final class StaleTimelineTest {
    private static final DemoData DATA = FeedStoreContract.standardData();
    private static final FeedOracle ORACLE = new FeedOracle(DATA);

    /** The keyset source, which fails while {@code down} is set. */
    private static final class Switch implements FeedSource {
        final FeedSource delegate;
        volatile boolean down;

        Switch(FeedSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public void candidates(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
            if (down) {
                throw new FeedUnavailableException("keyset source is down", null);
            }
            delegate.candidates(viewerId, after, max, out, deadline);
        }
    }

    @Test
    void a_page_past_the_timelines_cap_is_served_from_the_timeline_while_the_source_is_down() throws Exception {
        InMemoryFeedStore store = InMemoryFeedStore.of(DATA);
        Switch source = new Switch(store);
        long viewer = DATA.sampleViewer();
        List<FeedStats> stats = new ArrayList<>();
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(source).store(store).followerSource(store)
                .authorPostSource(store).timelineCapacity(5).staleCandidates(Duration.ZERO, 1 << 20)
                .prewarm(false).listener(stats::add).build()) {
            feeds.assemble(FeedRequest.newBuilder(viewer).limit(8).build()); // no timeline yet: keyset, rebuild
            awaitIdle(feeds);
            source.down = true;

            FeedPage page = feeds.assemble(FeedRequest.newBuilder(viewer).limit(8).build());

            assertThat(page.items()).extracting(i -> i.post().id())
                    .containsExactlyElementsOf(ORACLE.feed(viewer).subList(0, 5).stream().map(p -> p.id()).toList());
            assertThat(page.hasNextPage()).as("a degraded walk ends at the timeline's cap").isFalse();
            assertThat(stats.get(stats.size() - 1).staleCandidates()).isTrue();
            long stranger = unseenViewer(viewer);
            assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(stranger)))
                    .isInstanceOf(FeedUnavailableException.class).hasMessage("keyset source is down");
        }
    }

    private static long unseenViewer(long seen) {
        return DATA.users().stream().mapToLong(DemoData.User::id).filter(id -> id != seen).findFirst().orElseThrow();
    }

    private static void awaitIdle(FeedAssembler feeds) throws InterruptedException {
        for (int i = 0; i < 500 && (feeds.timelineStats().rebuilds() == 0 || !feeds.timelinesIdle()); i++) {
            Thread.sleep(10);
        }
        assertThat(feeds.timelineStats().rebuilds()).isEqualTo(1);
    }
}
