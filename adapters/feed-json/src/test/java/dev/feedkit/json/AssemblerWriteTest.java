package dev.feedkit.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedkit.Author;
import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedSource;
import dev.feedkit.Keyset;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The writer behind a real {@link FeedAssembler}: memos ride on L1's entities and go with them. */
final class AssemblerWriteTest {
    private static final long VIEWER = 1;

    private final SmallFeed feed = new SmallFeed();

    @Test
    void assembler_streams_pages_whose_cursors_walk_the_whole_feed() throws IOException {
        try (FeedAssembler feeds = assembler()) {
            List<String> ids = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = write(feeds, cursor);
                page.get("items").forEach(item -> ids.add(item.get("id").textValue()));
                assertThat(page.get("seed").longValue()).isEqualTo(77);
                cursor = page.has("next_page") ? page.get("next_page").textValue() : null;
            } while (cursor != null);

            assertThat(ids).containsExactly("10", "9", "8", "7", "6", "5", "4", "3", "2", "1");
        }
    }

    @Test
    void memo_is_kept_on_the_cached_entities() throws IOException {
        try (FeedAssembler feeds = assembler()) {
            write(feeds, null);
            FeedPage cached = feeds.assemble(request(null));

            assertThat(cached.items()).allSatisfy(item -> {
                assertThat(JsonFeedWriter.memo(item.post())).isNotNull();
                assertThat(JsonFeedWriter.memo(item.author())).isNotNull();
            });
        }
    }

    @Test
    void invalidated_post_is_written_with_its_new_text() throws IOException {
        try (FeedAssembler feeds = assembler()) {
            write(feeds, null);
            feed.posts.put(10L, SmallFeed.post(10, "edited"));
            assertThat(write(feeds, null).get("items").get(0).get("text").textValue()).isEqualTo("post 10");

            feeds.invalidatePost(10);

            assertThat(write(feeds, null).get("items").get(0).get("text").textValue()).isEqualTo("edited");
        }
    }

    @Test
    void invalidated_relationship_is_written_with_its_new_flags() throws IOException {
        try (FeedAssembler feeds = assembler()) {
            assertThat(write(feeds, null).get("items").get(0).at("/author/viewer/followed_by").booleanValue())
                    .isFalse();
            feed.followedBy = true;

            feeds.invalidateRelationship(VIEWER, 42);

            assertThat(write(feeds, null).get("items").get(0).at("/author/viewer/followed_by").booleanValue())
                    .isTrue();
        }
    }

    private FeedAssembler assembler() {
        return FeedAssembler.newBuilder().source(feed).store(feed).writer(JsonFeedWriter.create())
                .prewarm(false).build();
    }

    private static FeedRequest request(String cursor) {
        FeedRequest.Builder b = FeedRequest.newBuilder(VIEWER).limit(4).seed(77);
        return (cursor == null ? b : b.cursor(cursor)).build();
    }

    private static JsonNode write(FeedAssembler feeds, String cursor) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        feeds.write(request(cursor), out);
        return Pages.parse(out.toByteArray());
    }

    /** Viewer 1 follows author 42, who wrote posts 1..10, one second apart. */
    private static final class SmallFeed implements FeedSource, EntityStore {
        final Map<Long, Post> posts = new ConcurrentHashMap<>();
        final Author author = Pages.ada();
        volatile boolean followedBy;

        SmallFeed() {
            for (long id = 1; id <= 10; id++) {
                posts.put(id, post(id, "post " + id));
            }
        }

        static Post post(long id, String body) {
            return new Post(id, 42, body, Pages.CREATED_AT.plusSeconds(id), null, 0, 0, List.of(), List.of());
        }

        @Override
        public void candidates(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
            posts.values().stream()
                    .sorted(Comparator.comparingLong(Post::createdAtMicros).thenComparingLong(Post::id).reversed())
                    .filter(p -> viewerId == VIEWER && after.precedes(p.createdAtMicros(), p.id()))
                    .limit(max)
                    .forEach(p -> out.add(p.id(), p.authorId(), p.createdAtMicros()));
        }

        @Override
        public void load(EntityKeys keys, Entities into, Deadline deadline) {
            for (int i = 0; i < keys.size(EntityKind.POST); i++) {
                Post p = posts.get(keys.id(EntityKind.POST, i));
                if (p != null) {
                    into.post(p);
                }
            }
            into.author(author); // ignored unless asked for
            for (int i = 0; i < keys.size(EntityKind.RELATIONSHIP); i++) {
                into.relationship(keys.id(EntityKind.RELATIONSHIP, i), Relationship.of(true, followedBy, false, false));
            }
        }
    }
}
