package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

final class CaffeineTierTest {
    private static final Ttl TTL = new Ttl(Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(5));
    private final FakeTicker ticker = new FakeTicker();

    @Test
    void absent_entities_are_cached_as_absent_with_the_short_negative_ttl() {
        CaffeineTier l1 = new CaffeineTier(1 << 24, TTL, ticker);
        EntityKeys keys = EntityKeys.of(1, new long[] {77}, new long[] {88});
        Entities loaded = Entities.of(keys);
        loaded.absent(EntityKind.POST, 77);
        loaded.absent(EntityKind.AUTHOR, 88);
        l1.putAll(loaded, 8);
        Entities hits = Entities.of(keys);
        l1.getAll(keys, hits);
        assertThat(hits.isAbsent(EntityKind.POST, 77)).isTrue();
        assertThat(hits.isAbsent(EntityKind.AUTHOR, 88)).isTrue();
        assertThat(hits.findPost(77)).isNull();
        assertThat(hits.findRelationship(88)).as("a relationship is never cached as absent").isNull();
        // the pre-warm multiplier never stretches absence
        assertThat(l1.expiresInNanos(CacheKey.post(77))).isBetween(PrewarmTest.nanos(4.5), PrewarmTest.nanos(5.5));
    }

    @Test
    void ttls_are_jittered_within_ten_percent_so_entries_do_not_expire_together() {
        CaffeineTier l1 = new CaffeineTier(1 << 24, TTL, ticker);
        Entities loaded = Entities.of(EntityKeys.of(1, LongStream.rangeClosed(1, 200).toArray(), new long[0]));
        for (long id = 1; id <= 200; id++) {
            loaded.post(post(id, "x"));
        }
        l1.putAll(loaded, 1);
        Set<Long> seconds = new HashSet<>();
        for (long id = 1; id <= 200; id++) {
            long ttl = l1.expiresInNanos(CacheKey.post(id));
            assertThat(ttl).isBetween(PrewarmTest.nanos(270), PrewarmTest.nanos(330));
            seconds.add(ttl / 1_000_000_000L);
        }
        assertThat(seconds).as("distinct whole-second expiries").hasSizeGreaterThan(20);
    }

    @Test
    void a_replaced_entry_takes_the_new_value_and_its_own_deadline() {
        // Caffeine keeps the key object first stored for a mapping; the deadline lives in that key,
        // so a put over a live entry must move it, in both directions.
        CaffeineTier l1 = new CaffeineTier(1 << 24, TTL, ticker);
        EntityKeys keys = EntityKeys.of(1, new long[] {7}, new long[0]);
        Entities absent = Entities.of(keys);
        absent.absent(EntityKind.POST, 7);
        l1.putAll(absent, 1);
        assertThat(l1.expiresInNanos(CacheKey.post(7))).isLessThanOrEqualTo(PrewarmTest.nanos(5.5));

        Post p = post(7, "now it exists");
        Entities loaded = Entities.of(keys);
        loaded.post(p);
        l1.putAll(loaded, 1);
        assertThat(l1.expiresInNanos(CacheKey.post(7))).isBetween(PrewarmTest.nanos(270), PrewarmTest.nanos(330));
        Entities hits = Entities.of(keys);
        l1.getAll(keys, hits);
        assertThat(hits.findPost(7)).isSameAs(p);

        l1.putAll(absent, 1);
        assertThat(l1.expiresInNanos(CacheKey.post(7))).isLessThanOrEqualTo(PrewarmTest.nanos(5.5));
        ticker.advance(Duration.ofSeconds(6));
        Entities later = Entities.of(keys);
        l1.getAll(keys, later);
        assertThat(later.count()).as("the short negative deadline applies, not the post's").isZero();
    }

    @Test
    void the_cache_is_bounded_by_estimated_bytes() {
        CaffeineTier l1 = new CaffeineTier(1 << 20, TTL, ticker);
        String body = "y".repeat(10_000); // ~20 KB each
        for (long id = 1; id <= 500; id++) {
            Entities loaded = Entities.of(EntityKeys.of(1, new long[] {id}, new long[0]));
            loaded.post(post(id, body));
            l1.putAll(loaded, 1);
        }
        l1.cleanUp();
        assertThat(l1.estimatedSize()).isLessThan(60);
    }

    @Test
    void a_hit_returns_the_cached_instance_for_each_kind() {
        CaffeineTier l1 = new CaffeineTier(1 << 24, TTL, ticker);
        EntityKeys keys = EntityKeys.of(5, new long[] {1}, new long[] {2});
        Entities loaded = Entities.of(keys);
        Post p = post(1, "a");
        Author a = new Author(2, "u", "U", null, false);
        loaded.post(p);
        loaded.author(a);
        loaded.relationship(2, Relationship.of(true, false, false, false));
        l1.putAll(loaded, 1);
        Entities hits = Entities.of(keys);
        l1.getAll(keys, hits);
        assertThat(hits.findPost(1)).isSameAs(p);
        assertThat(hits.findAuthor(2)).isSameAs(a);
        assertThat(hits.findRelationship(2).following()).isTrue();
        EntityKeys viewer6 = EntityKeys.of(6, new long[0], new long[] {2});
        Entities otherViewer = Entities.of(viewer6);
        l1.getAll(viewer6, otherViewer);
        assertThat(otherViewer.findRelationship(2)).as("relationships are per viewer").isNull();
    }

    @Test
    void an_expired_entry_reads_as_a_miss() {
        CaffeineTier l1 = new CaffeineTier(1 << 24, new Ttl(Duration.ofMillis(30), Duration.ofMillis(30), Duration.ofMillis(30)),
                ticker);
        EntityKeys keys = EntityKeys.of(1, new long[] {1}, new long[] {2, 3});
        Entities loaded = Entities.of(keys);
        loaded.post(post(1, "x"));
        loaded.absent(EntityKind.AUTHOR, 2);
        loaded.relationship(3, Relationship.NONE);
        l1.putAll(loaded, 1);
        ticker.advance(Duration.ofMillis(26)); // jitter: each TTL is 27..33 ms
        Entities before = Entities.of(keys);
        l1.getAll(keys, before);
        assertThat(before.findPost(1)).as("post before expiry").isNotNull();
        assertThat(before.isAbsent(EntityKind.AUTHOR, 2)).as("absence before expiry").isTrue();
        assertThat(before.findRelationship(3)).as("relationship before expiry").isNotNull();
        ticker.advance(Duration.ofMillis(8));
        Entities hits = Entities.of(keys);
        l1.getAll(keys, hits);
        assertThat(hits.isEmpty()).as("hits after expiry: %s", hits).isTrue();
    }

    @Test
    void an_entry_is_live_until_the_nanosecond_its_ttl_runs_out() {
        CaffeineTier l1 = new CaffeineTier(1 << 24, TTL, ticker);
        Entities loaded = Entities.of(EntityKeys.of(1, new long[] {1}, new long[0]));
        loaded.post(post(1, "x"));
        l1.putAll(loaded, 1);
        long ttl = l1.expiresInNanos(CacheKey.post(1));
        ticker.advanceNanos(ttl - 1);
        assertThat(read(l1, 1, new long[] {1}, new long[0]).findPost(1)).as("1 ns before expiry").isNotNull();
        ticker.advanceNanos(1);
        assertThat(read(l1, 1, new long[] {1}, new long[0]).findPost(1)).as("at expiry").isNull();
        assertThat(l1.contains(CacheKey.post(1))).isFalse();
    }

    @Test
    void a_saturated_ttl_never_expires() {
        CaffeineTier l1 = new CaffeineTier(1 << 24, TTL, ticker);
        Entities loaded = Entities.of(EntityKeys.of(1, new long[] {1}, new long[0]));
        loaded.post(post(1, "x"));
        l1.putAll(loaded, Integer.MAX_VALUE);
        assertThat(l1.contains(CacheKey.post(1))).isTrue();
    }

    @Test
    void hits_land_in_the_slot_of_their_key_and_misaligned_hits_are_refused() {
        CaffeineTier l1 = new CaffeineTier(1 << 24, TTL, ticker);
        EntityKeys keys = EntityKeys.of(1, new long[] {10, 11, 12}, new long[0]);
        Entities loaded = Entities.of(keys);
        loaded.post(post(12, "c"));
        loaded.absent(EntityKind.POST, 10);
        l1.putAll(loaded, 1);
        Entities hits = Entities.of(keys);
        l1.getAll(keys, hits);
        assertThat(hits.absentAt(EntityKind.POST, 0)).isTrue();
        assertThat(hits.valueAt(EntityKind.POST, 1)).isNull();
        assertThat(hits.absentAt(EntityKind.POST, 1)).isFalse();
        assertThat(((Post) hits.valueAt(EntityKind.POST, 2)).body()).isEqualTo("c");
        assertThatThrownBy(() -> l1.getAll(EntityKeys.of(1, new long[] {10}, new long[0]), hits))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aligned");
    }

    private static Entities read(CaffeineTier l1, long viewer, long[] posts, long[] authors) {
        EntityKeys keys = EntityKeys.of(viewer, posts, authors);
        Entities hits = Entities.of(keys);
        l1.getAll(keys, hits);
        return hits;
    }

    static Post post(long id, String body) {
        return new Post(id, 2, body, Instant.EPOCH, null, 0, 0, List.of(), List.of());
    }
}
