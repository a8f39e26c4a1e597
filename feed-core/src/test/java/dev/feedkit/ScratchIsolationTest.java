package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Guards the write-up's worst bug: pooled scratch that leaks one request's data into another.
 * Many threads walk many viewers' feeds through a tiny scratch pool (so every scratch object is
 * reused constantly) and every page is checked against a single-threaded oracle.
 */
final class ScratchIsolationTest {

    @Test
    void pooled_scratch_never_leaks_data_between_concurrent_requests() throws Exception {
        TestFeed feed = TestFeed.random(11, 40, 15);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).scratchPoolSize(2)
                .asyncPool(threads, 64).build()) {
            List<Future<Integer>> walks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                walks.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 60; i++) {
                        long viewer = 1 + ThreadLocalRandom.current().nextInt(42); // 41, 42: unknown viewers
                        int limit = 1 + ThreadLocalRandom.current().nextInt(25);
                        checked += walkAndCompare(feeds, feed, viewer, limit);
                    }
                    return checked;
                }));
            }
            int pages = 0;
            for (Future<Integer> w : walks) {
                pages += w.get();
            }
            assertThat(pages).isGreaterThan(threads * 60);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int walkAndCompare(FeedAssembler feeds, TestFeed feed, long viewer, int limit) {
        List<Post> expected = feed.feed(viewer);
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        long seed = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        do {
            FeedPage page = feeds.assemble(FeedRequest.newBuilder(viewer).cursor(cursor).limit(limit).seed(seed).build());
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            assertThat(page.seed()).isEqualTo(seed);
            for (FeedItem item : page.items()) {
                assertThat(item.author().id()).isEqualTo(item.post().authorId());
                assertThat(item.viewer().following()).isEqualTo(feed.follows(viewer, item.author().id()));
                assertThat(item.viewer().followedBy()).isEqualTo(feed.follows(item.author().id(), viewer));
                assertThat(item.post()).isEqualTo(feed.posts.get(item.post().id()));
                seen.add(item.post().id());
            }
            cursor = page.nextPage();
            pages++;
        } while (cursor != null);
        assertThat(seen).as("viewer %d limit %d", viewer, limit)
                .containsExactlyElementsOf(expected.stream().map(Post::id).toList());
        return pages;
    }
}
