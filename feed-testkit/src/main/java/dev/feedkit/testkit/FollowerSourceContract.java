package dev.feedkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.AuthorPostSource;
import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.FollowerSource;
import dev.feedkit.Keyset;
import dev.feedkit.Post;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of what fan-out on write reads, {@link FollowerSource} and {@link AuthorPostSource},
 * checked against {@link #followerData()}: followers in id batches, bounded counts, and an
 * author's live posts by keyset.
 *
 * <p>To run it against an implementation, extend it, load {@link #followerData()} into the
 * implementation once (for example in a {@code @BeforeAll} method; the class has one instance per
 * test class) and return it from the hooks. The suite only reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FollowerSourceContract {
    private static final DemoData DATA = DemoData.newBuilder().users(400).posts(6_000).meanFollows(30)
            .seed(20261210L).build();

    /**
     * Returns the data set of this suite: 400 users, 6,000 posts, 30 mean follows.
     *
     * @return the data, generated once per JVM
     */
    public static DemoData followerData() {
        return DATA;
    }

    /** @return the follower source under test, loaded with {@link #followerData()} */
    protected abstract FollowerSource followers();

    /** @return the author post source under test, loaded with {@link #followerData()} */
    protected abstract AuthorPostSource authorPosts();

    private static Map<Long, List<Long>> followersByAuthor() {
        Map<Long, List<Long>> m = new TreeMap<>();
        for (DemoData.Edge f : DATA.follows()) {
            m.computeIfAbsent(f.to(), k -> new ArrayList<>()).add(f.from());
        }
        m.values().forEach(l -> l.sort(Long::compare));
        return m;
    }

    /** The most followed authors, a few with one follower, and users nobody follows. */
    private static List<Long> authors() {
        Map<Long, List<Long>> by = followersByAuthor();
        Set<Long> out = new LinkedHashSet<>(by.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<Long, List<Long>> e) -> e.getValue().size()).reversed())
                .limit(5).map(Map.Entry::getKey).toList());
        by.entrySet().stream().filter(e -> e.getValue().size() == 1).limit(3).forEach(e -> out.add(e.getKey()));
        DATA.users().stream().map(DemoData.User::id).filter(id -> !by.containsKey(id)).limit(3).forEach(out::add);
        return List.copyOf(out);
    }

    private List<Long> allFollowers(long author, int batch) {
        List<Long> all = new ArrayList<>();
        long[] out = new long[batch];
        long after = -1;
        for (int calls = 0; calls < 10_000; calls++) {
            int n = followers().followers(author, after, out, Deadline.none());
            assertThat(n).isBetween(0, batch);
            for (int i = 0; i < n; i++) {
                all.add(out[i]);
            }
            if (n < batch) {
                return all;
            }
            after = out[n - 1];
        }
        throw new AssertionError("more than 10,000 batches of followers of " + author);
    }

    @Test
    public final void followers_come_in_ascending_id_batches_that_cover_every_follower_once() {
        Map<Long, List<Long>> by = followersByAuthor();
        for (long author : authors()) {
            List<Long> want = by.getOrDefault(author, List.of());
            for (int batch : new int[] {1, 7, 1_000}) {
                assertThat(allFollowers(author, batch)).as("followers of %d in batches of %d", author, batch)
                        .isEqualTo(want);
            }
        }
        assertThat(by.get(authors().get(0))).as("followers of the most followed author").hasSizeGreaterThan(50);
    }

    @Test
    public final void a_batch_continues_strictly_after_the_given_id() {
        long author = authors().get(0);
        List<Long> want = followersByAuthor().get(author);
        long middle = want.get(want.size() / 2);
        long[] out = new long[5];
        int n = followers().followers(author, middle, out, Deadline.none());
        assertThat(n).isEqualTo(Math.min(5, want.size() - want.size() / 2 - 1));
        assertThat(out[0]).isEqualTo(want.get(want.size() / 2 + 1));
        assertThat(followers().followers(author, middle - 1, out, Deadline.none())).isPositive();
        assertThat(out[0]).isEqualTo(middle);
    }

    @Test
    public final void follower_counts_stop_at_the_bound() {
        Map<Long, List<Long>> by = followersByAuthor();
        for (long author : authors()) {
            long n = by.getOrDefault(author, List.of()).size();
            assertThat(followers().followerCount(author, 1_000_000, Deadline.none())).as("count of %d", author).isEqualTo(n);
            assertThat(followers().followerCount(author, 3, Deadline.none())).as("count of %d up to 3", author)
                    .isEqualTo(Math.min(3, n));
        }
        assertThatThrownBy(() -> followers().followerCount(1, 0, Deadline.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("atMost must be at least 1, was 0");
    }

    @Test
    public final void an_unknown_author_has_no_followers_and_no_posts() {
        long unknown = 1L << 50;
        assertThat(followers().followers(unknown, -1, new long[10], Deadline.none())).isZero();
        assertThat(followers().followerCount(unknown, 10, Deadline.none())).isZero();
        Candidates out = new Candidates();
        authorPosts().authorPosts(unknown, Keyset.START, 10, out, Deadline.none());
        assertThat(out.size()).isZero();
    }

    @Test
    public final void an_authors_posts_are_its_live_posts_newest_first_by_keyset() {
        Map<Long, List<Post>> live = DATA.posts().stream().filter(p -> !p.deleted())
                .collect(Collectors.groupingBy(Post::authorId, TreeMap::new, Collectors.toList()));
        Comparator<Post> newestFirst = Comparator.comparingLong(Post::createdAtMicros).thenComparingLong(Post::id).reversed();
        List<Long> prolific = live.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<Long, List<Post>> e) -> e.getValue().size()).reversed())
                .limit(4).map(Map.Entry::getKey).toList();
        assertThat(DATA.posts()).as("deleted posts by the authors checked")
                .anyMatch(p -> p.deleted() && prolific.contains(p.authorId()));
        for (long author : prolific) {
            List<Long> want = live.get(author).stream().sorted(newestFirst).map(Post::id).toList();
            for (int limit : new int[] {1, 5, 100}) {
                assertThat(walk(author, limit)).as("posts of %d by pages of %d", author, limit).isEqualTo(want);
            }
        }
    }

    private List<Long> walk(long author, int limit) {
        List<Long> ids = new ArrayList<>();
        Keyset after = Keyset.START;
        while (true) {
            Candidates out = new Candidates();
            authorPosts().authorPosts(author, after, limit, out, Deadline.none());
            assertThat(out.size()).isLessThanOrEqualTo(limit);
            for (int i = 0; i < out.size(); i++) {
                assertThat(out.authorId(i)).isEqualTo(author);
                ids.add(out.postId(i));
            }
            if (out.size() < limit) {
                return ids;
            }
            after = new Keyset(out.createdAtMicros(out.size() - 1), out.postId(out.size() - 1));
        }
    }

    @Test
    public final void an_expired_deadline_fails_with_feed_unavailable() throws InterruptedException {
        Deadline expired = Deadline.after(Duration.ofNanos(1));
        while (!expired.isExpired()) {
            Thread.sleep(1);
        }
        long author = authors().get(0);
        assertThatThrownBy(() -> followers().followers(author, -1, new long[10], expired))
                .isInstanceOf(FeedUnavailableException.class);
        assertThatThrownBy(() -> followers().followerCount(author, 10, expired)).isInstanceOf(FeedUnavailableException.class);
        assertThatThrownBy(() -> authorPosts().authorPosts(author, Keyset.START, 10, new Candidates(), expired))
                .isInstanceOf(FeedUnavailableException.class);
    }
}
