package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Host fields through the assembler: checked once at store load, a bad value rejected per entity. */
final class HostFieldsTest {

    @Test
    void a_store_delivered_extra_reaches_the_page_and_l1_unchanged() {
        TestFeed feed = feed();
        String extra = "{\"poll\": {\"options\": [\"yes\", \"no\"]}, \"s\": \"</script>\u2028\"}";
        setPostExtra(feed, 1000, extra);
        setUserExtra(feed, 2, "{}");
        try (FeedAssembler feeds = assembler(feed, 4096)) {
            Map<Long, FeedItem> items = items(feeds);
            assertThat(items.get(1000L).post().extra()).isEqualTo(extra);
            assertThat(items.get(1000L).author().extra()).isEqualTo("{}");
            int loads = feed.storeCalls.get();
            assertThat(items(feeds).get(1000L).post().extra()).as("from L1").isEqualTo(extra);
            assertThat(feed.storeCalls.get()).isEqualTo(loads);
        }
    }

    @Test
    void an_invalid_or_oversized_extra_is_left_out_whole_and_the_rest_of_the_page_is_served() {
        TestFeed feed = feed();
        setPostExtra(feed, 1000, "{\"broken\": [1, 2}");
        setPostExtra(feed, 1001, "{\"big\": \"" + "x".repeat(100) + "\"}");
        setPostExtra(feed, 1002, "{\"fits\": true}");
        setUserExtra(feed, 2, "[\"not an object\"]");
        try (FeedAssembler feeds = assembler(feed, 64)) {
            Map<Long, FeedItem> items = items(feeds);
            assertThat(items).containsKeys(1000L, 1001L, 1002L);
            assertThat(items.get(1000L).post().extra()).isNull();
            assertThat(items.get(1001L).post().extra()).isNull();
            assertThat(items.get(1002L).post().extra()).isEqualTo("{\"fits\": true}");
            assertThat(items.get(1000L).author().extra()).isNull();
            assertThat(items.get(1000L).post().body()).isEqualTo(feed.posts.get(1000L).body());
        }
    }

    @Test
    void max_extra_bytes_is_checked_when_set() {
        assertThatThrownBy(() -> FeedAssembler.newBuilder().maxExtraBytes(1))
                .hasMessage("maxExtraBytes must be between 2 and 16777216, was 1");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().maxExtraBytes(100).maxExtraBytes(200))
                .hasMessage("maxExtraBytes was already set to 100");
    }

    /** Viewer 1 follows user 2, whose posts are 1000.. */
    private static TestFeed feed() {
        TestFeed feed = new TestFeed();
        feed.users.put(1L, new Author(1, "viewer", "Viewer", null, false));
        feed.users.put(2L, new Author(2, "host", "Host", null, false));
        feed.follows.add(TestFeed.pair(1, 2));
        for (long id = 1000; id < 1005; id++) {
            feed.posts.put(id, new Post(id, 2, "post " + id, Keyset.instant(1_700_000_000_000_000L + id), null, 0, 0,
                    List.of(), List.of()));
        }
        return feed;
    }

    private static void setPostExtra(TestFeed feed, long id, String extra) {
        Post p = feed.posts.get(id);
        feed.posts.put(id, new Post(id, p.authorId(), p.body(), p.createdAt(), null, 0, 0, List.of(), List.of(), extra));
    }

    private static void setUserExtra(TestFeed feed, long id, String extra) {
        Author a = feed.users.get(id);
        feed.users.put(id, new Author(id, a.username(), a.displayName(), null, false, extra));
    }

    private static FeedAssembler assembler(TestFeed feed, int maxExtraBytes) {
        return FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false).maxExtraBytes(maxExtraBytes).build();
    }

    private static Map<Long, FeedItem> items(FeedAssembler feeds) {
        return feeds.assemble(FeedRequest.newBuilder(1).limit(10).build()).items().stream()
                .collect(Collectors.toMap(i -> i.post().id(), Function.identity()));
    }
}
