package dev.feedkit.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.Author;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.Media;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stress test: threads write pages of shared, freshly built entities at the same moment, so they
 * race to render and memoize the same posts and authors and share the buffer pool.
 */
final class ConcurrentWriteTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 200;

    @Test
    void concurrent_writes_of_shared_entities_give_identical_bytes() throws Exception {
        JsonFeedWriter writer = JsonFeedWriter.create();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                FeedPage page = freshPage(round);
                byte[] expected = unmemoized(writer, page);

                for (byte[] actual : writeAtOnce(pool, writer, page)) {
                    assertThat(actual).isEqualTo(expected);
                }
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(writer.buffers().idle()).isBetween(1, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    private static List<byte[]> writeAtOnce(ExecutorService pool, JsonFeedWriter writer, FeedPage page)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<byte[]>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return Pages.bytes(writer, page);
            }));
        }
        List<byte[]> results = new ArrayList<>();
        for (Future<byte[]> f : futures) {
            results.add(f.get(10, TimeUnit.SECONDS));
        }
        return results;
    }

    private static byte[] unmemoized(JsonFeedWriter writer, FeedPage page) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeUnmemoized(page, out);
        return out.toByteArray();
    }

    /** Twenty items by five authors, all objects new, so no memo exists yet. */
    private static FeedPage freshPage(int round) {
        List<Author> authors = new ArrayList<>();
        for (int a = 0; a < 5; a++) {
            authors.add(new Author(a, "user" + a, "User \uD83D\uDE00 " + a + "/" + round,
                    a % 2 == 0 ? null : "https://cdn.example/a/" + a + ".jpg", a == 0));
        }
        List<FeedItem> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Author author = authors.get(i % 5);
            Post post = new Post(1000L * round + i, author.id(), "post " + i + " of round " + round + " \"\u2028",
                    Pages.CREATED_AT.plusMillis(i), null, i, round,
                    List.of(new Media(Media.Kind.IMAGE, "https://cdn.example/m/" + i + ".jpg", 640, null)),
                    List.of("t" + i, "round" + round));
            items.add(new FeedItem(post, author, Relationship.ofBits(i % 4)));
        }
        return new FeedPage(items, "cursor-" + round, round);
    }
}
