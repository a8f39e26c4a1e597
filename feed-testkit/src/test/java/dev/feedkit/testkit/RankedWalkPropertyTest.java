package dev.feedkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.AffinitySource;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.Post;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Ranked walks with random seeds, windows, page sizes and exploration shares, while new posts
 * arrive between pages and the pages alternate between two assemblers (two instances: the second
 * re-reads and re-ranks the window): each post of the window exactly once, then the rest of the
 * feed chronologically without duplicates, never a post that arrived during the walk, and the same
 * order as an undisturbed walk with the same seed (CONTRACT.md, Paging).
 */
final class RankedWalkPropertyTest {
    private static final DemoData DATA = DemoData.newBuilder().users(200).posts(5_000).meanFollows(20).seed(4242)
            .build();
    private static final FeedOracle ORACLE = new FeedOracle(DATA);
    private static final List<Long> USERS = ORACLE.userIds();
    private static final byte[] KEY = "ranked-walk-property-key".getBytes(StandardCharsets.UTF_8);
    /** Affinity from a hash of viewer and author: fixed per pair, so that re-ranking gives the same scores. */
    private static final AffinitySource AFFINITY = (viewer, authors, out) -> {
        for (int i = 0; i < authors.length; i++) {
            out[i] = Math.floorMod(viewer * 31 + authors[i] * 17, 7) * 3;
        }
    };

    @Property(tries = 60)
    void a_ranked_walk_yields_each_post_of_its_window_once_then_the_feed_in_order(
            @ForAll @LongRange(min = 0) long seed,
            @ForAll @IntRange(min = 2, max = 150) int window,
            @ForAll @IntRange(min = 1, max = 40) int limit,
            @ForAll @IntRange(min = 0, max = 199) int viewerIndex,
            @ForAll @IntRange(min = 0, max = 3) int arrivalsPerPage,
            @ForAll @DoubleRange(min = 0, max = 1) double exploration) {
        long viewer = viewerIndex == 0 ? DATA.sampleViewer() : USERS.get(viewerIndex);
        List<Long> feed = ORACLE.feed(viewer).stream().map(Post::id).toList();
        InMemoryFeedStore store = InMemoryFeedStore.of(DATA);
        Arrivals arrivals = new Arrivals(store, viewer, arrivalsPerPage, seed);
        List<Long> got;
        try (FeedAssembler a = assembler(store, window, exploration); FeedAssembler b = assembler(store, window, exploration)) {
            got = walk(List.of(a, b), viewer, limit, seed, arrivals);
        }
        int n = Math.min(window, feed.size());
        assertThat(got).as("walk").doesNotHaveDuplicates().hasSameSizeAs(feed);
        assertThat(got.subList(0, n)).as("the window").containsExactlyInAnyOrderElementsOf(feed.subList(0, n));
        assertThat(got.subList(n, got.size())).as("past the window").containsExactlyElementsOf(feed.subList(n, feed.size()));
        assertThat(got).as("posts that arrived during the walk").noneMatch(arrivals.ids::contains);

        InMemoryFeedStore quiet = InMemoryFeedStore.of(DATA);
        try (FeedAssembler c = assembler(quiet, window, exploration)) {
            List<Long> undisturbed = walk(List.of(c), viewer, limit, seed, () -> { });
            assertThat(got).as("the same viewer, anchor and seed give the same order").isEqualTo(undisturbed);
        }
    }

    private static FeedAssembler assembler(InMemoryFeedStore store, int window, double exploration) {
        return FeedAssembler.newBuilder().source(store).store(store).timelines(false).prewarm(false).cursorKey(KEY)
                .rankedWindow(window).exploration(exploration).affinitySource(AFFINITY).build();
    }

    private static List<Long> walk(List<FeedAssembler> instances, long viewer, int limit, long seed, Runnable between) {
        List<Long> ids = new ArrayList<>();
        FeedPage page = instances.get(0).assemble(FeedRequest.newBuilder(viewer).limit(limit)
                .mode(FeedRequest.Mode.RANKED).seed(seed).build());
        for (int i = 1; i < 20_000; i++) {
            page.items().forEach(it -> ids.add(it.post().id()));
            if (page.nextPage() == null) {
                return ids;
            }
            between.run();
            page = instances.get(i % instances.size())
                    .assemble(FeedRequest.newBuilder(viewer).limit(limit).cursor(page.nextPage()).build());
        }
        throw new AssertionError("walk of viewer " + viewer + " did not end");
    }

    /** New posts by the viewer and its followees, each newer than everything before it. */
    private static final class Arrivals implements Runnable {
        private final InMemoryFeedStore store;
        private final List<Long> authors = new ArrayList<>();
        private final int perPage;
        private final Random random;
        private final Set<Long> ids = new HashSet<>();
        private long nextId = 9_000_000_000L;
        private Instant clock = DemoData.BASE.plus(Duration.ofDays(1));

        Arrivals(InMemoryFeedStore store, long viewer, int perPage, long seed) {
            this.store = store;
            this.perPage = perPage;
            this.random = new Random(seed);
            authors.add(viewer);
            for (DemoData.Edge e : DATA.follows()) {
                if (e.from() == viewer) {
                    authors.add(e.to());
                }
            }
        }

        @Override
        public void run() {
            for (int i = 0; i < perPage; i++) {
                long author = authors.get(random.nextInt(authors.size()));
                clock = clock.plusMillis(1 + random.nextInt(5_000));
                long id = nextId++;
                store.addPost(new Post(id, author, "arrived " + id, clock, null, random.nextInt(50), 0, List.of(),
                        List.of()));
                ids.add(id);
            }
        }
    }
}
