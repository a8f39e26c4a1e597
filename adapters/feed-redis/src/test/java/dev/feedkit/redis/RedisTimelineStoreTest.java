package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.Keyset;
import dev.feedkit.TimelineStore;
import dev.feedkit.testkit.PrivateRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Redis timeline store on a private server: layout, round trips, TTLs, scripts, outages, settings. */
final class RedisTimelineStoreTest {
    private static final long T0 = 1_790_000_000_000_000L;
    private static PrivateRedis server;
    private static RedisClient client;
    private static StatefulRedisConnection<byte[], byte[]> raw;
    private static int stores;

    @BeforeAll
    static void start() {
        server = PrivateRedis.start();
        client = RedisClient.create(Services.withTimeout(server.uri()));
        raw = client.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterAll
    static void stop() {
        if (raw != null) {
            raw.close();
        }
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    private static TimelineStore store() {
        return RedisTimelines.newBuilder().client(client).keyPrefix("t" + stores++ + ":").capacity(3)
                .ttl(Duration.ofSeconds(100)).rebuildTtl(Duration.ofSeconds(20)).timeout(Duration.ofSeconds(2)).build();
    }

    private static RedisCommands<byte[], byte[]> redis() {
        return raw.sync();
    }

    private static byte[] key(TimelineStore s, long viewer) {
        return ((RedisTimelineStore) s).keys().timeline(viewer);
    }

    private static Candidates one(long postId, long authorId, long micros) {
        Candidates c = new Candidates();
        c.add(postId, authorId, micros);
        return c;
    }

    /**
     * With Redis frozen, a read waits as long as the ticker says is left: 10 s of timeout on the
     * system clock, nothing on a ticker that jumps 10 s per read. Were the wait measured on
     * System.nanoTime, the read would hang for 10 s and the 5 s timeout would fail the test.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void the_wait_for_redis_is_measured_on_the_configured_ticker() throws Exception {
        AtomicLong now = new AtomicLong();
        Ticker jumping = () -> now.addAndGet(Duration.ofSeconds(10).toNanos());
        try (TimelineStore s = RedisTimelines.newBuilder().client(client).keyPrefix("t" + stores++ + ":")
                .timeout(Duration.ofSeconds(10)).ticker(jumping).build()) {
            server.freeze();
            try {
                assertThatThrownBy(() -> s.read(5, Keyset.START, 10, new Candidates(), Deadline.none()))
                        .isInstanceOf(FeedUnavailableException.class).hasMessageContaining("did not answer in time");
            } finally {
                server.thaw();
            }
        }
    }

    @Test
    void a_timeline_is_one_sorted_set_per_viewer_of_a_marker_and_fixed_width_entries() {
        try (TimelineStore s = store()) {
            s.startRebuild(5);
            s.finishRebuild(5, one(258, 7, T0), true);
            byte[] k = key(s, 5);
            assertThat(new String(k, StandardCharsets.UTF_8)).endsWith(":tl:{5}");
            List<byte[]> members = redis().zrange(k, 0, -1);
            assertThat(members).hasSize(2);
            assertThat(members.get(0)).containsExactly(0, 'c');
            assertThat(members.get(1)).hasSize(25).startsWith(1).endsWith(0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 7);
            assertThat(redis().zscore(k, members.get(1))).isZero();
        }
    }

    @Test
    void a_page_is_one_round_trip_of_a_range_read_and_a_ttl_refresh() {
        try (TimelineStore s = store()) {
            s.startRebuild(6);
            s.finishRebuild(6, one(1, 7, T0), true);
            Map<String, Long> before = ((RedisTimelineStore) s).flushesByNode();
            CommandStats.resetStats(client, Services.withTimeout(server.uri()));

            assertThat(s.read(6, Keyset.START, 21, new Candidates(), Deadline.none())).isEqualTo(TimelineStore.Read.HIT);

            Map<String, Long> calls = CommandStats.commandCalls(client, Services.withTimeout(server.uri()));
            calls.keySet().removeAll(List.of("config|resetstat", "info", "hello")); // the stats connection's own
            assertThat(calls).containsOnly(Map.entry("zrevrangebylex", 1L), Map.entry("pexpire", 1L));
            assertThat(((RedisTimelineStore) s).flushesByNode().get("standalone")).isEqualTo(before.get("standalone") + 1);
        }
    }

    @Test
    void reads_renew_a_timelines_ttl_and_pushes_do_not() {
        try (TimelineStore s = store()) {
            s.startRebuild(7);
            assertThat(redis().pttl(TimelineKeys.rebuild(key(s, 7)))).isBetween(1L, 20_000L);
            s.finishRebuild(7, one(1, 7, T0), true);
            byte[] k = key(s, 7);
            assertThat(redis().pttl(k)).isBetween(50_000L, 100_000L);
            redis().pexpire(k, 40_000);
            s.push(2, 7, T0 + 1, new long[] {7}, 1);
            assertThat(redis().pttl(k)).as("after a push").isBetween(1L, 40_000L);
            s.read(7, Keyset.START, 5, new Candidates(), Deadline.none());
            assertThat(redis().pttl(k)).as("after a read").isBetween(50_000L, 100_000L);
        }
    }

    @Test
    void a_server_that_lost_its_scripts_gets_them_again() {
        try (TimelineStore s = store()) {
            s.startRebuild(8);
            s.finishRebuild(8, one(1, 7, T0), true);
            redis().scriptFlush();
            CommandStats.resetStats(client, Services.withTimeout(server.uri()));

            s.push(2, 7, T0 + 1, new long[] {8}, 1);

            Candidates out = new Candidates();
            s.read(8, Keyset.START, 5, out, Deadline.none());
            assertThat(out.size()).isEqualTo(2);
            Map<String, Long> calls = CommandStats.commandCalls(client, Services.withTimeout(server.uri()));
            assertThat(calls).containsEntry("evalsha", 1L).containsEntry("eval", 1L);
        }
    }

    @Test
    void a_redis_that_is_down_fails_reads_and_writes_with_feed_unavailable() throws Exception {
        PrivateRedis own = PrivateRedis.start();
        try (TimelineStore s = RedisTimelines.newBuilder().uri(own.uri()).timeout(Duration.ofMillis(200))
                .writeTimeout(Duration.ofMillis(200)).build()) {
            s.startRebuild(9);
            own.kill();
            assertThatThrownBy(() -> s.read(9, Keyset.START, 5, new Candidates(), Deadline.none()))
                    .isInstanceOf(FeedUnavailableException.class).hasMessageStartingWith("read the timeline of viewer 9");
            assertThatThrownBy(() -> s.push(1, 2, T0, new long[] {9}, 1)).isInstanceOf(FeedUnavailableException.class)
                    .hasMessageStartingWith("push post 1");
        } finally {
            own.close();
        }
    }

    @Test
    void settings_out_of_range_are_refused_with_the_bound_and_the_value() {
        assertThatThrownBy(() -> RedisTimelines.newBuilder().capacity(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> RedisTimelines.newBuilder().keyPrefix("a{b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyPrefix must not contain '{' or '}', was a{b");
        assertThatThrownBy(() -> RedisTimelines.newBuilder().ttl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be between PT1S and PT8760H, was PT0S");
        assertThatThrownBy(() -> RedisTimelines.newBuilder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("set exactly one of").hasMessageEndingWith("0 are set");
    }
}
