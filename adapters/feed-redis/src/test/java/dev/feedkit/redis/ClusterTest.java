package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.CacheKey;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityKind;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.Relationship;
import dev.feedkit.testkit.PrivateRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tier on a 3-master Redis Cluster that this test starts on loopback ports. */
final class ClusterTest {
    private static final long VIEWER = 5;
    private static TestCluster cluster;
    private static List<PrivateRedis> nodes;
    private static RedisClusterClient client;
    private static RedisClient admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start();
        nodes = cluster.nodes;
        client = cluster.client;
        admin = cluster.admin;
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static RedisCacheTier tier(String prefix) {
        return RedisCacheTier.newBuilder().clusterClient(client).keyPrefix(prefix).timeout(Duration.ofMillis(500))
                .build();
    }

    /** A tier that creates (and shuts down) its own cluster client from seed URIs. */
    private static RedisCacheTier tierOwningItsClient(String prefix) {
        return RedisCacheTier.newBuilder().clusterUris(nodes.get(0).uri(), nodes.get(2).uri()).keyPrefix(prefix)
                .timeout(Duration.ofMillis(500)).build();
    }

    private static long[] range(long from, int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = from + i;
        }
        return ids;
    }

    @Test
    void a_batch_across_slots_takes_one_flush_per_node_and_one_mget_per_slot() {
        long[] posts = range(1000, 60);
        long[] authors = range(1, 10);
        try (RedisCacheTier tier = tier("batch:")) {
            EntityKeys keys = EntityKeys.of(VIEWER, posts, authors);
            Entities batch = Entities.of(keys);
            for (long id : posts) {
                batch.post(RedisCacheTierTest.post(id, "body " + id));
            }
            for (long id : authors) {
                batch.author(RedisCacheTierTest.author(id));
                batch.relationship(id, Relationship.ofBits((int) id % 16));
            }
            tier.putAll(batch, 1);
            RedisCacheTierTest.awaitTrue(() -> tier.stats().written() == 80, Duration.ofSeconds(10));
            Map<String, Long> flushesBefore = tier.readFlushesByNode();
            nodes.forEach(n -> CommandStats.resetStats(admin, Services.withTimeout(n.uri())));

            Entities hits = Entities.of(keys);
            tier.getAll(keys, hits);

            assertThat(hits.count(EntityKind.POST)).isEqualTo(60);
            assertThat(hits.count(EntityKind.AUTHOR)).isEqualTo(10);
            assertThat(hits.count(EntityKind.RELATIONSHIP)).isEqualTo(10);
            assertThat(hits.findPost(1007)).isEqualTo(RedisCacheTierTest.post(1007, "body 1007"));
            Map<String, Long> flushes = delta(tier.readFlushesByNode(), flushesBefore);
            assertThat(flushes).hasSize(3).allSatisfy((node, n) -> assertThat(n).as("flushes to " + node).isEqualTo(1));
            Map<Integer, Integer> slotsPerPort = slotsPerPort(tier.keys(), posts, authors);
            assertThat(slotsPerPort.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(3);
            for (PrivateRedis n : nodes) {
                Map<String, Long> calls = CommandStats.commandCalls(admin, Services.withTimeout(n.uri()));
                assertThat(calls.getOrDefault("mget", 0L)).as("MGETs on node " + n.port())
                        .isEqualTo(slotsPerPort.getOrDefault(n.port(), 0).longValue());
                assertThat(calls).doesNotContainKey("get");
            }
        }
    }

    @Test
    void invalidation_deletes_on_the_owning_node_and_reaches_peers() throws InterruptedException {
        try (RedisCacheTier a = tier("spi:"); RedisCacheTier b = tier("spi:")) {
            BlockingQueue<CacheKey> heard = new LinkedBlockingQueue<>();
            b.subscribe(heard::add);
            EntityKeys keys = EntityKeys.of(VIEWER, new long[] {2001}, new long[0]);
            Entities batch = Entities.of(keys);
            batch.post(RedisCacheTierTest.post(2001, "x"));
            a.putAll(batch, 1);
            RedisCacheTierTest.awaitTrue(() -> a.stats().written() == 1, Duration.ofSeconds(10));

            a.invalidate(CacheKey.post(2001));

            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(CacheKey.post(2001));
            Entities hits = Entities.of(keys);
            b.getAll(keys, hits);
            assertThat(hits.isEmpty()).isTrue();
            assertThat(b.stats().misses()).isEqualTo(1);
        }
    }

    @Test
    void two_assemblers_on_the_cluster_see_each_others_invalidations() {
        TestStore store = TestStore.everyoneFollowsEveryone(4, 3);
        try (RedisCacheTier tierA = tierOwningItsClient("feeds:"); RedisCacheTier tierB = tierOwningItsClient("feeds:");
                FeedAssembler a = FeedAssembler.newBuilder().source(store).store(store).tier(tierA).cursorKey(Services.CURSOR_KEY).build();
                FeedAssembler b = FeedAssembler.newBuilder().source(store).store(store).tier(tierB).cursorKey(Services.CURSOR_KEY).build()) {
            assertThat(body(a, 8)).isEqualTo(body(b, 8)).isEqualTo("post 8 by 3");
            store.editPost(8, "edited on the cluster");

            a.invalidatePost(8);

            RedisCacheTierTest.awaitTrue(() -> body(b, 8).equals("edited on the cluster"), Duration.ofSeconds(1));
            assertThat(body(a, 8)).isEqualTo("edited on the cluster");
            assertThat(tierB.stats().invalidationsReceived()).isEqualTo(1);
        }
    }

    private static String body(FeedAssembler feeds, long postId) {
        return feeds.assemble(FeedRequest.of(1)).items().stream().filter(i -> i.post().id() == postId).findFirst()
                .orElseThrow().post().body();
    }

    private static Map<String, Long> delta(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new HashMap<>();
        after.forEach((node, n) -> {
            long diff = n - before.getOrDefault(node, 0L);
            if (diff != 0) {
                d.put(node, diff);
            }
        });
        return d;
    }

    /** Distinct slots of the batch's keys, per port of the node that owns them. */
    private static Map<Integer, Integer> slotsPerPort(RedisKeys keys, long[] posts, long[] authors) {
        Set<Integer> slots = new HashSet<>();
        for (long id : posts) {
            slots.add(SlotHash.getSlot(keys.post(id)));
        }
        for (long id : authors) {
            slots.add(SlotHash.getSlot(keys.author(id)));
            slots.add(SlotHash.getSlot(keys.relationship(VIEWER, id)));
        }
        Map<Integer, Integer> perPort = new HashMap<>();
        for (int slot : slots) {
            int port = client.getPartitions().getPartitionBySlot(slot).getUri().getPort();
            perPort.merge(port, 1, Integer::sum);
        }
        return perPort;
    }
}
