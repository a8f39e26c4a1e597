package dev.feedkit.testkit;

import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.EntityKeys;
import dev.feedkit.Keyset;
import dev.feedkit.Post;
import dev.feedkit.Relationship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

final class InMemoryFeedStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final long ADA = 1;
    private static final long BOB = 2;
    private static final long CY = 3;
    private static final long DEE = 4;

    private final InMemoryFeedStore store = InMemoryFeedStore.create();

    InMemoryFeedStoreTest() {
        for (long id : new long[] {ADA, BOB, CY, DEE}) {
            store.addUser(user(id, "User " + id));
        }
    }

    private static DemoData.User user(long id, String name) {
        return new DemoData.User(id, "u" + id, name, null, false, T0);
    }

    private static Post post(long id, long author, long micros) {
        return new Post(id, author, "post " + id, T0.plusNanos(micros * 1_000), null, 0, 0, List.of(), List.of());
    }

    private List<Long> feed(long viewer) {
        return page(viewer, Keyset.START, 101);
    }

    private List<Long> page(long viewer, Keyset after, int max) {
        Candidates c = new Candidates();
        store.candidates(viewer, after, max, c, Deadline.none());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            ids.add(c.postId(i));
        }
        return ids;
    }

    private FeedStoreContract.Recorder load(long viewer, long[] posts, long[] authors) {
        EntityKeys keys = EntityKeys.of(viewer, posts, authors);
        FeedStoreContract.Recorder r = new FeedStoreContract.Recorder(keys);
        store.load(keys, r.into, Deadline.none());
        return r.read();
    }

    @Test
    void a_viewer_sees_own_posts_and_followees_posts_newest_first() {
        store.addPost(post(10, ADA, 1));
        store.addPost(post(11, BOB, 3));
        store.addPost(post(12, CY, 2));
        store.follow(ADA, BOB);
        assertThat(feed(ADA)).containsExactly(11L, 10L);
    }

    @Test
    void posts_at_the_same_microsecond_are_ordered_by_id_descending() {
        store.addPost(post(20, ADA, 5));
        store.addPost(post(22, BOB, 5));
        store.addPost(post(21, ADA, 5));
        store.follow(ADA, BOB);
        assertThat(feed(ADA)).containsExactly(22L, 21L, 20L);
        assertThat(page(ADA, new Keyset(Keyset.micros(T0) + 5, 22), 1)).containsExactly(21L);
    }

    @Test
    void unfollow_removes_the_followees_posts_from_the_feed() {
        store.addPost(post(10, BOB, 1));
        assertThat(store.follow(ADA, BOB)).isTrue();
        assertThat(store.follow(ADA, BOB)).as("second follow").isFalse();
        assertThat(feed(ADA)).containsExactly(10L);
        assertThat(store.unfollow(ADA, BOB)).isTrue();
        assertThat(store.unfollow(ADA, BOB)).as("second unfollow").isFalse();
        assertThat(feed(ADA)).isEmpty();
    }

    @Test
    void a_block_hides_posts_in_both_directions_until_lifted() {
        store.addPost(post(10, ADA, 1));
        store.addPost(post(11, BOB, 2));
        store.follow(ADA, BOB);
        store.follow(BOB, ADA);
        assertThat(store.block(ADA, BOB)).isTrue();
        assertThat(feed(ADA)).as("the blocker's feed").containsExactly(10L);
        assertThat(feed(BOB)).as("the blocked user's feed").containsExactly(11L);
        assertThat(store.unblock(ADA, BOB)).isTrue();
        assertThat(feed(ADA)).containsExactly(11L, 10L);
        assertThat(feed(BOB)).containsExactly(11L, 10L);
    }

    @Test
    void a_mute_hides_the_muted_authors_posts_from_the_muter_only_while_the_follow_stays() {
        store.addPost(post(10, ADA, 1));
        store.addPost(post(11, BOB, 2));
        store.follow(ADA, BOB);
        store.follow(BOB, ADA);
        assertThat(store.mute(ADA, BOB)).isTrue();
        assertThat(store.mute(ADA, BOB)).as("second mute").isFalse();
        assertThat(feed(ADA)).as("the muter's feed").containsExactly(10L);
        assertThat(feed(BOB)).as("the muted user's feed").containsExactly(11L, 10L);
        FeedStoreContract.Recorder r = load(ADA, new long[0], new long[] {BOB});
        assertThat(r.relationships.get(BOB)).isSameAs(Relationship.of(true, true, false, false, true));
        assertThat(store.unmute(ADA, BOB)).isTrue();
        assertThat(store.unmute(ADA, BOB)).as("second unmute").isFalse();
        assertThat(feed(ADA)).containsExactly(11L, 10L);
    }

    @Test
    void relationships_reflect_follows_and_blocks_in_both_directions() {
        store.follow(ADA, BOB);
        store.follow(CY, ADA);
        store.block(ADA, CY);
        store.block(DEE, ADA);
        FeedStoreContract.Recorder r = load(ADA, new long[0], new long[] {ADA, BOB, CY, DEE, 99});
        assertThat(r.relationships.get(BOB)).isSameAs(Relationship.of(true, false, false, false));
        assertThat(r.relationships.get(CY)).isSameAs(Relationship.of(false, true, true, false));
        assertThat(r.relationships.get(DEE)).isSameAs(Relationship.of(false, false, false, true));
        assertThat(r.relationships.get(ADA)).isSameAs(Relationship.NONE);
        assertThat(r.authors).containsOnlyKeys(ADA, BOB, CY, DEE);
        assertThat(r.relationships).doesNotContainKey(99L);
    }

    @Test
    void a_deleted_post_is_hidden_but_still_loads_with_deleted_at_in_micros() {
        store.addPost(post(10, ADA, 1));
        store.addPost(post(11, ADA, 2));
        assertThat(store.deletePost(11, T0.plusNanos(5_123_456))).isTrue();
        assertThat(store.deletePost(11, T0.plusSeconds(9))).as("second delete").isFalse();
        assertThat(feed(ADA)).containsExactly(10L);
        Post loaded = load(ADA, new long[] {11}, new long[0]).posts.get(11L);
        assertThat(loaded.deletedAt()).isEqualTo(T0.plusNanos(5_123_000));
        assertThat(loaded.body()).isEqualTo("post 11");
    }

    @Test
    void a_post_deleted_between_pages_is_not_on_later_pages() {
        for (int i = 0; i < 6; i++) {
            store.addPost(post(100 + i, ADA, i));
        }
        assertThat(page(ADA, Keyset.START, 3)).containsExactly(105L, 104L, 103L);
        store.deletePost(101, T0.plusSeconds(1));
        assertThat(page(ADA, new Keyset(Keyset.micros(T0) + 3, 103), 3)).containsExactly(102L, 100L);
    }

    @Test
    void a_post_added_deleted_is_stored_but_never_a_candidate() {
        store.addPost(new Post(10, ADA, "gone", T0, T0, 0, 0, List.of(), List.of()));
        assertThat(feed(ADA)).isEmpty();
        assertThat(load(ADA, new long[] {10}, new long[0]).posts).containsKey(10L);
    }

    @Test
    void update_post_moves_it_to_its_new_time_and_author() {
        store.addPost(post(10, ADA, 1));
        store.addPost(post(11, ADA, 2));
        store.follow(CY, ADA);
        store.updatePost(post(10, BOB, 3));
        assertThat(feed(ADA)).containsExactly(11L);
        assertThat(feed(BOB)).containsExactly(10L);
        assertThat(feed(CY)).containsExactly(11L);
        store.updatePost(new Post(11, ADA, "edited", T0, null, 7, 1, List.of(), List.of("java")));
        assertThat(load(ADA, new long[] {11}, new long[0]).posts.get(11L).body()).isEqualTo("edited");
    }

    @Test
    void add_user_replaces_the_profile_and_keeps_edges_and_posts() {
        store.addPost(post(10, BOB, 1));
        store.follow(ADA, BOB);
        store.addUser(user(BOB, "Robert"));
        assertThat(load(ADA, new long[0], new long[] {BOB}).authors.get(BOB).displayName()).isEqualTo("Robert");
        assertThat(feed(ADA)).containsExactly(10L);
    }

    @Test
    void an_unknown_viewer_has_no_candidates_and_no_relationships() {
        store.addPost(post(10, ADA, 1));
        assertThat(feed(77)).isEmpty();
        assertThat(load(77, new long[0], new long[] {ADA}).relationships.get(ADA)).isSameAs(Relationship.NONE);
    }

    @Test
    void mutations_name_the_unknown_user_the_taken_id_or_the_self_edge() {
        assertThatThrownBy(() -> store.follow(ADA, 42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot follow: user 42 does not exist; add it with addUser first");
        assertThatThrownBy(() -> store.block(ADA, ADA))
                .hasMessage("cannot block oneself: user 1");
        assertThatThrownBy(() -> store.addPost(post(10, 42, 1)))
                .hasMessage("cannot add post 10: user 42 does not exist; add it with addUser first");
        store.addPost(post(10, ADA, 1));
        assertThatThrownBy(() -> store.addPost(post(10, ADA, 2)))
                .hasMessage("cannot add post 10: the id is taken; use updatePost to replace it");
        assertThatThrownBy(() -> store.deletePost(11, T0))
                .hasMessage("cannot delete post 11: no post has that id");
        assertThatThrownBy(() -> store.updatePost(post(11, ADA, 1)))
                .hasMessage("cannot update post 11: no post has that id");
    }

    @Test
    void readers_see_ordered_consistent_pages_while_a_writer_mutates() throws Exception {
        DemoData data = DemoData.newBuilder().users(200).posts(4_000).meanFollows(20).seed(3).build();
        InMemoryFeedStore s = InMemoryFeedStore.of(data);
        long viewer = data.sampleViewer();
        List<Long> users = data.users().stream().map(DemoData.User::id).toList();
        AtomicBoolean done = new AtomicBoolean();
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch readers = new CountDownLatch(3);
        for (int t = 0; t < 3; t++) {
            Thread reader = new Thread(() -> {
                try {
                    while (!done.get()) {
                        walkChecked(s, viewer, errors);
                    }
                } catch (RuntimeException e) {
                    errors.add(e.toString());
                } finally {
                    readers.countDown();
                }
            });
            reader.start();
        }
        mutate(s, data, users, viewer);
        done.set(true);
        assertThat(readers.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(errors).isEmpty();
        walkChecked(s, viewer, errors);
        assertThat(errors).isEmpty();
    }

    private static void mutate(InMemoryFeedStore s, DemoData data, List<Long> users, long viewer) {
        Random r = new Random(5);
        long nextId = 9_000_000_000L;
        List<Post> posts = data.posts();
        for (int op = 0; op < 3_000; op++) {
            long a = r.nextInt(3) == 0 ? viewer : users.get(r.nextInt(users.size()));
            long b = users.get(r.nextInt(users.size()));
            switch (r.nextInt(5)) {
                case 0 -> s.follow(a, b == a ? users.get(0) == a ? users.get(1) : users.get(0) : b);
                case 1 -> s.unfollow(a, b == a ? users.get(0) == a ? users.get(1) : users.get(0) : b);
                case 2 -> s.addPost(new Post(nextId++, b, "new", DemoData.BASE.minusSeconds(r.nextInt(5_000_000)),
                        null, 0, 0, List.of(), List.of()));
                case 3 -> s.deletePost(posts.get(r.nextInt(posts.size())).id(), DemoData.BASE);
                default -> {
                    if (a != b) {
                        s.block(a, b);
                        s.unblock(a, b);
                    }
                }
            }
        }
    }

    /** Walks up to 10 pages of 20 and records any order violation or candidate that breaks the rules at load time. */
    private static void walkChecked(InMemoryFeedStore s, long viewer, Queue<String> errors) {
        Keyset after = Keyset.START;
        for (int pageNo = 0; pageNo < 10; pageNo++) {
            Candidates c = new Candidates();
            s.candidates(viewer, after, 21, c, Deadline.none());
            for (int i = 0; i < c.size(); i++) {
                if (!after.precedes(c.createdAtMicros(i), c.postId(i))) {
                    errors.add("candidate " + c.postId(i) + " not after " + after);
                }
                after = new Keyset(c.createdAtMicros(i), c.postId(i));
            }
            if (c.size() < 21) {
                return;
            }
        }
    }
}
