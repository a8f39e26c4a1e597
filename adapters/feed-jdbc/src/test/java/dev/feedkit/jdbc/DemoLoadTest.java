package dev.feedkit.jdbc;

import dev.feedkit.testkit.DemoLoader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.Author;
import dev.feedkit.Deadline;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.Post;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * COPYs a DemoData set and reads every post and user back through the store. The size is
 * {@code -Dfeedkit.loadTest.posts} (default 20,000); the load time is printed, never asserted.
 */
final class DemoLoadTest {
    private static final int POSTS = Integer.getInteger("feedkit.loadTest.posts", 20_000);
    private static TestDb db;
    private static DemoData data;
    private static DemoLoader.Loaded loaded;

    @BeforeAll
    static void load() {
        db = TestDb.create();
        data = DemoData.newBuilder().users(Math.max(500, POSTS / 20)).posts(POSTS).meanFollows(40).seed(3).build();
        loaded = DemoLoader.copy(db.store.dataSource(), db.store.schema(), data);
        System.out.println("DemoLoadTest: " + data + " -> " + loaded);
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void copy_reports_one_row_per_generated_record() {
        long media = 0;
        long tags = 0;
        for (Post p : data.posts()) {
            media += p.media().size();
            tags += p.tags().size();
        }
        assertThat(loaded.users()).isEqualTo(data.users().size());
        assertThat(loaded.follows()).isEqualTo(data.follows().size());
        assertThat(loaded.blocks()).isEqualTo(data.blocks().size());
        assertThat(loaded.mutes()).isEqualTo(data.mutes().size()).isPositive();
        assertThat(loaded.posts()).isEqualTo(POSTS);
        assertThat(loaded.media()).isEqualTo(media);
        assertThat(loaded.tags()).isEqualTo(tags);
    }

    @Test
    void every_post_reads_back_equal_to_the_generated_one_with_unstorable_text_replaced() {
        List<Post> posts = data.posts();
        int checked = 0;
        for (int from = 0; from < posts.size(); from += 100) {
            List<Post> batch = posts.subList(from, Math.min(posts.size(), from + 100));
            Entities out = loadPosts(batch);
            for (Post p : batch) {
                assertThat(out.findPost(p.id())).as("post %d", p.id()).isEqualTo(storable(p));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(POSTS);
    }

    @Test
    void every_user_reads_back_as_its_author() {
        List<DemoData.User> users = data.users();
        for (int from = 0; from < users.size(); from += 100) {
            List<DemoData.User> batch = users.subList(from, Math.min(users.size(), from + 100));
            long[] ids = batch.stream().mapToLong(DemoData.User::id).toArray();
            EntityKeys keys = EntityKeys.of(data.sampleViewer(), new long[0], ids);
            Entities out = Entities.of(keys);
            db.store.load(keys, out, Deadline.none());
            for (DemoData.User u : batch) {
                Author a = u.toAuthor();
                assertThat(out.findAuthor(u.id())).isEqualTo(new Author(a.id(), a.username(),
                        DemoLoader.storable(a.displayName()), a.avatarUrl(), a.verified(), a.extra()));
            }
        }
    }

    @Test
    void relationships_match_the_generated_follows_blocks_and_mutes() {
        long viewer = data.sampleViewer();
        Set<Long> following = new HashSet<>();
        Set<Long> followedBy = new HashSet<>();
        Set<Long> blocking = new HashSet<>();
        Set<Long> blockedBy = new HashSet<>();
        Set<Long> muting = new HashSet<>();
        data.mutes().forEach(e -> {
            if (e.from() == viewer) {
                muting.add(e.to());
            }
        });
        assertThat(muting).as("users the sample viewer muted").isNotEmpty();
        data.follows().forEach(e -> {
            if (e.from() == viewer) {
                following.add(e.to());
            }
            if (e.to() == viewer) {
                followedBy.add(e.from());
            }
        });
        data.blocks().forEach(e -> {
            if (e.from() == viewer) {
                blocking.add(e.to());
            }
            if (e.to() == viewer) {
                blockedBy.add(e.from());
            }
        });
        long[] users = data.users().stream().mapToLong(DemoData.User::id).toArray();
        EntityKeys keys = EntityKeys.of(viewer, new long[0], users);
        Entities out = Entities.of(keys);
        db.store.load(keys, out, Deadline.none());
        assertThat(out.count(EntityKind.RELATIONSHIP)).isEqualTo(users.length);
        for (long id : users) {
            var r = out.findRelationship(id);
            assertThat(r.following()).as("following %d", id).isEqualTo(following.contains(id));
            assertThat(r.followedBy()).as("followed_by %d", id).isEqualTo(followedBy.contains(id));
            assertThat(r.blocking()).as("blocking %d", id).isEqualTo(blocking.contains(id));
            assertThat(r.muting()).as("muting %d", id).isEqualTo(muting.contains(id));
            assertThat(r.blockedBy()).as("blocked_by %d", id).isEqualTo(blockedBy.contains(id));
        }
        assertThat(blocking.size() + blockedBy.size() + following.size()).isPositive();
    }

    @Test
    void concurrent_loads_through_the_pool_deliver_the_same_entities_as_one_at_a_time() throws Exception {
        List<Post> posts = data.posts().subList(0, 3_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 100;
                runs.add(pool.submit(() -> {
                    int checked = 0;
                    for (int from = offset; from < posts.size(); from += 800) {
                        List<Post> batch = posts.subList(from, Math.min(posts.size(), from + 100));
                        Entities out = loadPosts(batch);
                        for (Post p : batch) {
                            assertThat(out.findPost(p.id())).isEqualTo(storable(p));
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            int checked = 0;
            for (Future<Integer> f : runs) {
                checked += f.get();
            }
            assertThat(checked).isEqualTo(posts.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loading_into_a_schema_that_holds_users_is_refused() {
        assertThatThrownBy(() -> DemoLoader.copy(db.store.dataSource(), db.store.schema(), data))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already holds users");
    }

    @Test
    void copy_if_empty_leaves_a_loaded_schema_as_it_is() {
        assertThat(DemoLoader.copyIfEmpty(db.store.dataSource(), db.store.schema(), data)).isEmpty();
    }

    private static Entities loadPosts(List<Post> batch) {
        EntityKeys keys = EntityKeys.of(1, batch.stream().mapToLong(Post::id).toArray(), new long[0]);
        Entities out = Entities.of(keys);
        db.store.load(keys, out, Deadline.none());
        return out;
    }

    static Post storable(Post p) {
        return new Post(p.id(), p.authorId(), DemoLoader.storable(p.body()), p.createdAt(), p.deletedAt(),
                p.likeCount(), p.replyCount(), p.media(), p.tags(), p.extra());
    }
}
