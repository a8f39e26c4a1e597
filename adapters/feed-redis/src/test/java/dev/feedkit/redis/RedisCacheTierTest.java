package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.Author;
import dev.feedkit.CacheKey;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.Media;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import dev.feedkit.testkit.FakeTicker;
import dev.feedkit.testkit.PrivateRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tier through its SPI against the shared Redis, under a key prefix of its own. */
final class RedisCacheTierTest {
    private static final String PREFIX = Services.uniquePrefix("tier");
    private static RedisClient admin;
    private static StatefulRedisConnection<byte[], byte[]> raw;
    private RedisCacheTier tier;

    @BeforeAll
    static void connect() {
        Services.requireSharedRedis();
        admin = RedisClient.create(Services.withTimeout(Services.redisUri()));
        raw = admin.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterAll
    static void cleanUp() {
        if (admin != null) {
            raw.close();
            admin.shutdown();
            assertThat(Services.deleteKeys(Services.redisUri(), PREFIX)).isGreaterThanOrEqualTo(0);
        }
    }

    @BeforeEach
    void build() {
        tier = tier(PREFIX);
    }

    @AfterEach
    void close() {
        tier.close();
    }

    static RedisCacheTier tier(String prefix) {
        return RedisCacheTier.newBuilder().uri(Services.redisUri()).keyPrefix(prefix).timeout(Duration.ofMillis(200))
                .build();
    }

    static Post post(long id, String body) {
        return new Post(id, 7, body, Instant.parse("2026-11-20T10:15:30.123456Z"), null, 10, 2,
                List.of(new Media(Media.Kind.IMAGE, "https://cdn.example/m/1.jpg", 1080, 1350)), List.of("java", "perf"));
    }

    static Author author(long id) {
        return new Author(id, "ada" + id, "Ada Lovelace", "https://cdn.example/a/42.jpg", true);
    }

    static void awaitTrue(BooleanSupplier condition, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + max);
            }
            Thread.onSpinWait();
        }
    }

    private RedisCommands<byte[], byte[]> redis() {
        return raw.sync();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Entities read(RedisCacheTier t, long viewer, long[] posts, long[] authors) {
        EntityKeys keys = EntityKeys.of(viewer, posts, authors);
        Entities hits = Entities.of(keys);
        t.getAll(keys, hits);
        return hits;
    }

    private void putAndAwait(RedisCacheTier t, Entities batch) {
        long before = t.stats().written();
        t.putAll(batch, 1);
        awaitTrue(() -> t.stats().written() > before, Duration.ofSeconds(5));
    }

    private static Entities batch(long viewer, long[] posts, long[] authors) {
        return Entities.of(EntityKeys.of(viewer, posts, authors));
    }

    @Test
    void put_entities_are_read_back_with_absences_and_relationships() {
        Entities b = batch(5, new long[] {101, 102}, new long[] {7, 8});
        b.post(post(101, "hello"));
        b.author(author(7));
        b.relationship(7, Relationship.of(true, false, false, false));
        b.absent(EntityKind.POST, 102);
        b.absent(EntityKind.AUTHOR, 8);
        putAndAwait(tier, b);

        Entities hits = read(tier, 5, new long[] {101, 102, 103}, new long[] {7, 8});

        assertThat(hits.findPost(101)).isEqualTo(post(101, "hello"));
        assertThat(hits.isAbsent(EntityKind.POST, 102)).isTrue();
        assertThat(hits.findPost(103)).isNull();
        assertThat(hits.isAbsent(EntityKind.POST, 103)).isFalse();
        assertThat(hits.findAuthor(7)).isEqualTo(author(7));
        assertThat(hits.isAbsent(EntityKind.AUTHOR, 8)).isTrue();
        assertThat(hits.findRelationship(7)).isSameAs(Relationship.of(true, false, false, false));
        assertThat(hits.findRelationship(8)).isNull();
        assertThat(tier.stats().hits()).isEqualTo(5);
        assertThat(tier.stats().misses()).isEqualTo(2);
    }

    @Test
    void keys_carry_the_prefix_kind_and_ids() {
        Entities b = batch(5, new long[] {201}, new long[] {9});
        b.post(post(201, "x"));
        b.author(author(9));
        b.relationship(9, Relationship.NONE);
        putAndAwait(tier, b);

        assertThat(redis().exists(bytes(PREFIX + "v2:{p:201}"), bytes(PREFIX + "v2:{u:9}"), bytes(PREFIX + "v2:{r:5:9}")))
                .isEqualTo(3);
    }

    @Test
    void entries_get_their_kinds_ttl_plus_at_most_ten_percent_jitter() {
        Entities b = batch(5, new long[] {301}, new long[] {11, 12});
        b.post(post(301, "x"));
        b.relationship(11, Relationship.NONE);
        b.absent(EntityKind.AUTHOR, 12);
        putAndAwait(tier, b);

        assertThat(redis().pttl(bytes(PREFIX + "v2:{p:301}"))).isBetween(295_000L, 330_000L);
        assertThat(redis().pttl(bytes(PREFIX + "v2:{r:5:11}"))).isBetween(55_000L, 66_000L);
        assertThat(redis().pttl(bytes(PREFIX + "v2:{u:12}"))).isBetween(4_000L, 5_500L);
    }

    @Test
    void a_value_of_an_unknown_version_is_a_miss_and_is_overwritten_by_the_next_put() {
        byte[] key = bytes(PREFIX + "v2:{p:401}");
        byte[] future = ValueCodec.encodePost(post(401, "from a newer version"));
        future[0] = 9;
        redis().set(key, future);

        Entities hits = read(tier, 5, new long[] {401}, new long[0]);

        assertThat(hits.findPost(401)).isNull();
        assertThat(tier.stats().decodeFailures()).isEqualTo(1);
        Entities b = batch(5, new long[] {401}, new long[0]);
        b.post(post(401, "current"));
        putAndAwait(tier, b);
        assertThat(read(tier, 5, new long[] {401}, new long[0]).findPost(401)).isEqualTo(post(401, "current"));
    }

    @Test
    void a_corrupt_value_is_a_miss_not_an_error() {
        redis().set(bytes(PREFIX + "v2:{p:402}"), new byte[] {1, 1, 0, 0});
        redis().set(bytes(PREFIX + "v2:{u:403}"), ValueCodec.encodePost(post(403, "a post under an author key")));

        Entities hits = read(tier, 5, new long[] {402}, new long[] {403});

        assertThat(hits.isEmpty()).isTrue();
        assertThat(tier.stats().decodeFailures()).isEqualTo(2);
    }

    @Test
    void invalidate_deletes_the_value_and_tells_other_tiers_but_not_itself() throws InterruptedException {
        BlockingQueue<CacheKey> heardByPeer = new LinkedBlockingQueue<>();
        BlockingQueue<CacheKey> heardBySelf = new LinkedBlockingQueue<>();
        try (RedisCacheTier peer = tier(PREFIX)) {
            peer.subscribe(heardByPeer::add);
            tier.subscribe(heardBySelf::add);
            Entities b = batch(5, new long[] {501}, new long[0]);
            b.post(post(501, "x"));
            putAndAwait(tier, b);

            tier.invalidate(CacheKey.post(501));
            tier.invalidate(CacheKey.relationship(5, 9));

            assertThat(heardByPeer.poll(5, TimeUnit.SECONDS)).isEqualTo(CacheKey.post(501));
            assertThat(heardByPeer.poll(5, TimeUnit.SECONDS)).isEqualTo(CacheKey.relationship(5, 9));
            assertThat(redis().exists(bytes(PREFIX + "v2:{p:501}"))).isZero();
            assertThat(read(peer, 5, new long[] {501}, new long[0]).isEmpty()).isTrue();
            assertThat(heardBySelf.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void a_write_queued_before_another_process_invalidated_the_key_does_not_land() throws InterruptedException {
        try (RedisCacheTier other = tier(PREFIX)) {
            CountDownLatch release = tier.writer().hold();
            Entities stale = batch(5, new long[] {601}, new long[0]);
            stale.post(post(601, "stale"));
            tier.putAll(stale, 1);
            awaitTrue(() -> tier.writer().queued() == 0, Duration.ofSeconds(5));

            other.invalidate(CacheKey.post(601));
            release.countDown();
            awaitTrue(() -> tier.stats().written() + tier.stats().dropped() > 0, Duration.ofSeconds(5));

            assertThat(redis().exists(bytes(PREFIX + "v2:{p:601}"))).isZero();
            assertThat(read(other, 5, new long[] {601}, new long[0]).findPost(601)).isNull();
            assertThat(redis().pttl(bytes(PREFIX + "v2:{p:601}~"))).isPositive();
        }
    }

    @Test
    void keys_live_in_the_format_version_namespace_and_an_invalidation_also_clears_the_previous_format() {
        Entities b = batch(5, new long[] {611}, new long[0]);
        b.post(post(611, "new"));
        putAndAwait(tier, b);
        assertThat(redis().exists(bytes(PREFIX + "v2:{p:611}"))).isEqualTo(1);
        redis().set(bytes(PREFIX + "{p:611}"), new byte[] {1}); // what a release of format 1 wrote

        tier.invalidate(CacheKey.post(611));

        assertThat(redis().exists(bytes(PREFIX + "v2:{p:611}"), bytes(PREFIX + "{p:611}"))).isZero();
        assertThat(redis().pttl(bytes(PREFIX + "{p:611}~"))).as("format 1's writers are held off too").isPositive();
    }

    @Test
    void writes_of_other_keys_in_the_same_flush_still_land_beside_a_tombstone() {
        tier.invalidate(CacheKey.post(701));
        Entities b = batch(5, new long[] {701, 702}, new long[0]);
        b.post(post(701, "stale"));
        b.post(post(702, "fine"));
        putAndAwait(tier, b);

        Entities hits = read(tier, 5, new long[] {701, 702}, new long[0]);
        assertThat(hits.findPost(701)).isNull();
        assertThat(hits.findPost(702)).isEqualTo(post(702, "fine"));
    }

    @Test
    void a_queued_write_older_than_the_tombstone_allows_is_dropped_instead_of_written() {
        FakeTicker ticker = new FakeTicker();
        try (RedisCacheTier aged = RedisCacheTier.newBuilder().uri(Services.redisUri()).keyPrefix(PREFIX)
                .timeout(Duration.ofMillis(200)).tombstoneTtl(Duration.ofSeconds(5)).ticker(ticker).build()) {
            CountDownLatch release = aged.writer().hold();
            Entities b = batch(5, new long[] {901}, new long[0]);
            b.post(post(901, "queued before the tombstone could have expired"));
            aged.putAll(b, 1);
            awaitTrue(() -> aged.writer().queued() == 0, Duration.ofSeconds(5));

            // The tombstone TTL minus twice the write wait (4 x 200 ms): a batch this old may be
            // older than a tombstone that has since expired in Redis.
            ticker.advance(Duration.ofSeconds(5).minus(Duration.ofMillis(1600)).plusNanos(1));
            release.countDown();
            awaitTrue(() -> aged.stats().written() + aged.stats().dropped() > 0, Duration.ofSeconds(5));

            assertThat(aged.stats().dropped()).isEqualTo(1);
            assertThat(aged.stats().written()).isZero();
            assertThat(redis().exists(bytes(PREFIX + "v2:{p:901}"))).isZero();
        }
    }

    @Test
    void a_queued_write_just_young_enough_is_written() {
        FakeTicker ticker = new FakeTicker();
        try (RedisCacheTier aged = RedisCacheTier.newBuilder().uri(Services.redisUri()).keyPrefix(PREFIX)
                .timeout(Duration.ofMillis(200)).tombstoneTtl(Duration.ofSeconds(5)).ticker(ticker).build()) {
            CountDownLatch release = aged.writer().hold();
            Entities b = batch(5, new long[] {902}, new long[0]);
            b.post(post(902, "young enough"));
            aged.putAll(b, 1);
            awaitTrue(() -> aged.writer().queued() == 0, Duration.ofSeconds(5));

            ticker.advance(Duration.ofSeconds(5).minus(Duration.ofMillis(1600)));
            release.countDown();
            awaitTrue(() -> aged.stats().written() + aged.stats().dropped() > 0, Duration.ofSeconds(5));

            assertThat(aged.stats().written()).isEqualTo(1);
            assertThat(redis().exists(bytes(PREFIX + "v2:{p:902}"))).isEqualTo(1);
        }
    }

    @Test
    void put_returns_while_the_writer_is_stuck_and_a_full_queue_drops_and_counts() {
        try (RedisCacheTier small = RedisCacheTier.newBuilder().uri(Services.redisUri()).keyPrefix(PREFIX)
                .timeout(Duration.ofMillis(200)).writeQueue(1).build()) {
            CountDownLatch release = small.writer().hold();
            for (long id = 801; id <= 803; id++) {
                Entities b = batch(5, new long[] {id}, new long[0]);
                b.post(post(id, "x"));
                small.putAll(b, 1);
                if (id == 801) {
                    awaitTrue(() -> small.writer().queued() == 0, Duration.ofSeconds(5));
                }
            }

            assertThat(small.stats().dropped()).isEqualTo(1);
            release.countDown();
            awaitTrue(() -> small.stats().written() == 2, Duration.ofSeconds(5));
            assertThat(read(small, 5, new long[] {801, 802, 803}, new long[0]).count(EntityKind.POST)).isEqualTo(2);
        }
    }

    @Test
    void builder_rejects_bad_settings_with_messages_that_name_them() {
        assertThatThrownBy(() -> RedisCacheTier.newBuilder().keyPrefix("a{b}"))
                .hasMessage("keyPrefix must not contain '{' or '}', was a{b}");
        assertThatThrownBy(() -> RedisCacheTier.newBuilder().timeout(Duration.ZERO))
                .hasMessage("timeout must be between PT0.001S and PT10S, was PT0S");
        assertThatThrownBy(() -> RedisCacheTier.newBuilder().circuitBreaker(0, Duration.ofSeconds(1)))
                .hasMessage("circuitBreaker failures must be between 1 and 1000, was 0");
        assertThatThrownBy(() -> RedisCacheTier.newBuilder().writeQueue(0))
                .hasMessage("writeQueue must be between 1 and 1048576 batches, was 0");
        assertThatThrownBy(() -> RedisCacheTier.newBuilder().build())
                .hasMessageStartingWith("set exactly one of RedisCacheTier.Builder.uri(..), clusterUris(..), client(..) and clusterClient(..)");
        assertThatThrownBy(() -> RedisCacheTier.newBuilder().uri("redis://x").timeout(Duration.ofSeconds(2)).build())
                .hasMessageStartingWith("tombstoneTtl (PT5S) must exceed twice the write wait");
    }

    @Test
    void an_unreachable_redis_at_build_is_reported_with_its_uri() throws Exception {
        int port = PrivateRedis.freePort();
        assertThatThrownBy(() -> RedisCacheTier.newBuilder().uri("redis://127.0.0.1:" + port).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot connect to Redis at redis://127.0.0.1:" + port)
                .hasCauseInstanceOf(io.lettuce.core.RedisException.class);
    }
}
