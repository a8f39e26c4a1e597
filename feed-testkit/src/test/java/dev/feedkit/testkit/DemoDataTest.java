package dev.feedkit.testkit;

import dev.feedkit.Author;
import dev.feedkit.Media;
import dev.feedkit.Post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

final class DemoDataTest {
    private static final DemoData DATA = FeedStoreContract.standardData();

    private static DemoData small(long seed) {
        return DemoData.newBuilder().users(300).posts(3_000).meanFollows(15).seed(seed).build();
    }

    @Test
    void the_same_seed_yields_equal_data() {
        DemoData a = small(42);
        DemoData b = small(42);
        assertThat(b.users()).isEqualTo(a.users());
        assertThat(b.follows()).isEqualTo(a.follows());
        assertThat(b.blocks()).isEqualTo(a.blocks());
        assertThat(b.mutes()).isEqualTo(a.mutes());
        assertThat(b.posts()).isEqualTo(a.posts());
        assertThat(b.sampleViewer()).isEqualTo(a.sampleViewer());
    }

    @Test
    void a_different_seed_yields_different_data() {
        DemoData a = small(42);
        DemoData b = small(43);
        assertThat(b.users()).isNotEqualTo(a.users());
        assertThat(b.follows()).isNotEqualTo(a.follows());
        assertThat(b.posts()).isNotEqualTo(a.posts());
    }

    @Test
    void a_post_is_rebuilt_equal_on_every_access() {
        for (int i = 0; i < 200; i++) {
            assertThat(DATA.posts().get(i)).isEqualTo(DATA.posts().get(i)).isNotSameAs(DATA.posts().get(i));
        }
    }

    @Test
    void a_few_users_have_far_more_followers_than_the_median() {
        Map<Long, Integer> followers = new HashMap<>();
        for (DemoData.User u : DATA.users()) {
            followers.put(u.id(), 0);
        }
        for (DemoData.Edge e : DATA.follows()) {
            followers.merge(e.to(), 1, Integer::sum);
        }
        int[] counts = followers.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        int median = counts[counts.length / 2];
        assertThat(counts[counts.length - 1]).as("max followers, median %d", median).isGreaterThan(20 * Math.max(1, median));
        assertThat((double) DATA.follows().size() / DATA.users().size()).as("mean follows").isBetween(30.0, 50.0);
    }

    @Test
    void some_users_follow_nobody() {
        Set<Long> followers = new HashSet<>();
        DATA.follows().forEach(e -> followers.add(e.from()));
        assertThat(DATA.users().size() - followers.size()).isBetween(20, 300);
    }

    @Test
    void ids_are_positive_ascending_sparse_and_start_at_1000() {
        List<Long> users = DATA.users().stream().map(DemoData.User::id).toList();
        List<Long> posts = DATA.posts().stream().map(Post::id).toList();
        assertThat(users.get(0)).isEqualTo(1_000L);
        assertThat(users).isSorted().doesNotHaveDuplicates();
        assertThat(posts).isSorted().doesNotHaveDuplicates().allMatch(id -> id > Integer.MAX_VALUE);
        assertThat(users.get(users.size() - 1) - users.get(0)).as("span of user ids").isGreaterThan(users.size() * 3 / 2);
        assertThat(posts.get(posts.size() - 1) - posts.get(0)).as("span of post ids").isGreaterThan(posts.size() * 2L);
    }

    @Test
    void usernames_are_unique_ascii_handles() {
        List<String> names = DATA.users().stream().map(DemoData.User::username).toList();
        assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z]+_[0-9a-z]+"));
    }

    @Test
    void some_users_have_no_avatar_and_some_are_verified() {
        assertThat(DATA.users()).anyMatch(u -> u.avatarUrl() == null).anyMatch(u -> u.avatarUrl() != null)
                .anyMatch(DemoData.User::verified).anyMatch(u -> !u.verified());
    }

    @Test
    void every_timestamp_has_microsecond_precision_and_none_is_after_base() {
        List<Instant> times = new ArrayList<>();
        DATA.users().forEach(u -> times.add(u.createdAt()));
        DATA.follows().forEach(e -> times.add(e.createdAt()));
        DATA.blocks().forEach(e -> times.add(e.createdAt()));
        for (Post p : DATA.posts()) {
            times.add(p.createdAt());
            if (p.deleted()) {
                times.add(p.deletedAt());
                assertThat(p.deletedAt()).isAfterOrEqualTo(p.createdAt());
            }
        }
        assertThat(times).allMatch(t -> t.getNano() % 1_000 == 0).allMatch(t -> !t.isAfter(DemoData.BASE));
        assertThat(DATA.posts()).as("whole seconds, whole millis and full micros")
                .anyMatch(p -> p.createdAt().getNano() == 0)
                .anyMatch(p -> p.createdAt().getNano() % 1_000_000 == 0 && p.createdAt().getNano() != 0)
                .anyMatch(p -> p.createdAt().getNano() % 1_000_000 != 0);
    }

    @Test
    void some_different_posts_share_their_created_at() {
        Map<Instant, Integer> byTime = new HashMap<>();
        DATA.posts().forEach(p -> byTime.merge(p.createdAt(), 1, Integer::sum));
        long tied = byTime.values().stream().filter(n -> n > 1).count();
        assertThat(tied).isGreaterThan(DATA.posts().size() / 100);
    }

    @Test
    void about_four_percent_of_posts_are_deleted() {
        long deleted = DATA.posts().stream().filter(Post::deleted).count();
        assertThat(deleted).isBetween(DATA.posts().size() * 3L / 100, DATA.posts().size() * 5L / 100);
    }

    @Test
    void about_a_fifth_of_posts_hold_hostile_text_of_every_kind() {
        List<String> bodies = DATA.posts().stream().map(Post::body).toList();
        long hostile = bodies.stream().filter(FeedStoreContract::hostile).count();
        assertThat(hostile).isBetween(bodies.size() * 15L / 100, bodies.size() * 25L / 100);
        assertThat(bodies)
                .anyMatch(contains("\0")).anyMatch(contains("\u0001")).anyMatch(contains("\"")).anyMatch(contains("\\"))
                .anyMatch(contains("\u2028")).anyMatch(contains("\u2029")).anyMatch(contains("\uD83D\uDE00"))
                .anyMatch(DemoDataTest::hasLoneHigh).anyMatch(DemoDataTest::hasLoneLow)
                .anyMatch(b -> Character.isHighSurrogate(b.charAt(b.length() - 1)))
                .anyMatch(b -> b.length() >= 20_000)
                .anyMatch(contains("</script>")).anyMatch(contains("<img src=x onerror=")).anyMatch(contains("'"));
    }

    @Test
    void a_few_posts_carry_a_hostile_tag_of_every_kind() {
        List<String> tags = DATA.posts().stream().flatMap(p -> p.tags().stream()).toList();
        long hostile = DATA.posts().stream().filter(p -> p.tags().stream().anyMatch(t -> !t.matches("[a-z]+"))).count();
        assertThat(hostile).isBetween(DATA.posts().size() * 2L / 100, DATA.posts().size() * 5L / 100);
        assertThat(tags).anyMatch(contains("<img src=x onerror=")).anyMatch(contains("</script>"))
                .anyMatch(contains("\"")).anyMatch(contains("\u2028"));
    }

    @Test
    void some_display_names_hold_hostile_text() {
        assertThat(DATA.users().stream().map(DemoData.User::displayName).filter(FeedStoreContract::hostile))
                .anyMatch(n -> n.chars().anyMatch(c -> c < 0x20 || Character.isSurrogate((char) c) || c == '"'));
    }

    private static Predicate<String> contains(String s) {
        return b -> b.contains(s);
    }

    private static boolean hasLoneHigh(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isHighSurrogate(s.charAt(i)) && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLoneLow(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLowSurrogate(s.charAt(i)) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void media_sit_at_positions_zero_to_three_with_every_kind_and_some_unknown_sizes() {
        List<Post> posts = DATA.posts();
        assertThat(posts).allMatch(p -> p.media().size() <= 4).anyMatch(p -> p.media().isEmpty())
                .anyMatch(p -> p.media().size() == 4);
        List<Media> all = posts.stream().flatMap(p -> p.media().stream()).toList();
        assertThat(all).anyMatch(m -> m.kind() == Media.Kind.IMAGE).anyMatch(m -> m.kind() == Media.Kind.VIDEO)
                .anyMatch(m -> m.kind() == Media.Kind.GIF).anyMatch(m -> m.width() == null).anyMatch(m -> m.height() == null);
        for (Post p : posts.subList(0, 500)) {
            for (int pos = 0; pos < p.media().size(); pos++) {
                assertThat(p.media().get(pos).url()).endsWith("/" + p.id() + "/" + pos + "." + ext(p.media().get(pos).kind()));
            }
        }
    }

    private static String ext(Media.Kind kind) {
        return kind == Media.Kind.IMAGE ? "jpg" : kind == Media.Kind.VIDEO ? "mp4" : "gif";
    }

    @Test
    void tags_are_zero_to_five_distinct_in_ascending_order() {
        assertThat(DATA.posts()).allSatisfy(p -> assertThat(p.tags()).hasSizeLessThanOrEqualTo(5).doesNotHaveDuplicates().isSorted())
                .anyMatch(p -> p.tags().isEmpty()).anyMatch(p -> p.tags().size() == 5);
    }

    @Test
    void edges_join_existing_users_without_self_edges_or_duplicates() {
        Set<Long> users = new HashSet<>();
        DATA.users().forEach(u -> users.add(u.id()));
        for (List<DemoData.Edge> edges : List.of(DATA.follows(), DATA.blocks())) {
            assertThat(edges).allMatch(e -> users.contains(e.from()) && users.contains(e.to()) && e.from() != e.to());
            assertThat(edges.stream().map(e -> List.of(e.from(), e.to())).toList()).doesNotHaveDuplicates();
        }
        assertThat(DATA.posts()).allMatch(p -> users.contains(p.authorId()));
    }

    @Test
    void mutes_are_mostly_of_followees_and_the_sample_viewer_mutes_one_it_still_follows() {
        FeedOracle o = new FeedOracle(DATA);
        long ofFollowees = DATA.mutes().stream().filter(m -> o.follows(m.from(), m.to())).count();
        assertThat(DATA.mutes()).hasSizeGreaterThan(20).allMatch(m -> m.from() != m.to());
        assertThat(ofFollowees).isGreaterThan(DATA.mutes().size() / 2);
        long viewer = DATA.sampleViewer();
        assertThat(DATA.mutes()).anyMatch(m -> m.from() == viewer && o.follows(viewer, m.to())
                && o.relationship(viewer, m.to()).muting() && o.relationship(viewer, m.to()).hides());
        assertThat(o.feed(viewer)).noneMatch(p -> o.mutes(viewer, p.authorId()));
    }

    @Test
    void blocks_run_both_ways_relative_to_follows() {
        FeedOracle o = new FeedOracle(DATA);
        assertThat(DATA.blocks()).anyMatch(b -> o.follows(b.from(), b.to())).anyMatch(b -> o.follows(b.to(), b.from()))
                .anyMatch(b -> !o.follows(b.from(), b.to()) && !o.follows(b.to(), b.from()));
    }

    @Test
    void the_sample_viewer_has_a_full_feed_blocks_both_ways_and_deleted_posts_in_view() {
        FeedOracle o = new FeedOracle(DATA);
        long v = DATA.sampleViewer();
        assertThat(o.feed(v)).hasSizeGreaterThan(500);
        assertThat(DATA.blocks()).anyMatch(b -> b.from() == v && o.follows(v, b.to()))
                .anyMatch(b -> b.to() == v && o.follows(v, b.from()))
                .anyMatch(b -> b.from() == v && !o.follows(v, b.to()))
                .anyMatch(b -> b.to() == v && !o.follows(v, b.from()));
        assertThat(DATA.posts()).anyMatch(p -> p.deleted() && o.follows(v, p.authorId())
                && !o.relationship(v, p.authorId()).hides());
    }

    @Test
    void a_tiny_data_set_is_still_consistent() {
        DemoData tiny = DemoData.newBuilder().users(2).posts(3).meanFollows(1).seed(5).build();
        assertThat(tiny.users()).hasSize(2);
        assertThat(tiny.posts()).hasSize(3);
        assertThat(tiny.users()).anyMatch(u -> u.id() == tiny.sampleViewer());
        assertThat(DemoData.newBuilder().users(10).posts(0).meanFollows(0).build().follows()).isEmpty();
    }

    @Test
    void the_builder_rejects_bad_sizes_naming_the_setting_and_the_bound() {
        assertThatThrownBy(() -> DemoData.newBuilder().users(1))
                .hasMessage("users must be between 2 and 10000000, was 1");
        assertThatThrownBy(() -> DemoData.newBuilder().posts(-1))
                .hasMessage("posts must be between 0 and 50000000, was -1");
        assertThatThrownBy(() -> DemoData.newBuilder().meanFollows(-3))
                .hasMessage("meanFollows must be 0 or more, was -3");
        assertThatThrownBy(() -> DemoData.newBuilder().users(10).meanFollows(10).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("meanFollows must be smaller than users (10), was 10; raise users or lower meanFollows");
    }

    @Test
    void a_user_becomes_the_author_shown_beside_its_posts() {
        DemoData.User u = DATA.users().get(3);
        Author a = u.toAuthor();
        assertThat(a).isEqualTo(new Author(u.id(), u.username(), u.displayName(), u.avatarUrl(), u.verified(), u.extra()));
    }

    @Test
    void some_posts_and_users_carry_valid_hostile_host_fields() {
        List<String> posts = DATA.posts().stream().map(Post::extra).filter(e -> e != null).toList();
        List<String> users = DATA.users().stream().map(DemoData.User::extra).filter(e -> e != null).toList();
        assertThat(posts.size()).isBetween(DATA.posts().size() * 12 / 100, DATA.posts().size() * 18 / 100);
        assertThat(users.size()).isBetween(DATA.users().size() * 7 / 100, DATA.users().size() * 13 / 100);
        for (String e : posts) {
            dev.feedkit.ExtraJson.check(e, 4096);
        }
        for (String e : users) {
            dev.feedkit.ExtraJson.check(e, 4096);
        }
        assertThat(posts).anyMatch(e -> e.contains("</script>")).anyMatch(e -> e.indexOf('\u2028') >= 0)
                .anyMatch(e -> e.contains("\\\"")).anyMatch(e -> e.contains("\uD83D\uDE00"));
        assertThat(DATA.users().stream().filter(u -> u.extra() != null).findFirst().orElseThrow().toAuthor().extra())
                .isNotNull();
    }
}
