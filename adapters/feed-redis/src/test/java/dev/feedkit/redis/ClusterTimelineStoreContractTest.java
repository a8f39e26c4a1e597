package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.Keyset;
import dev.feedkit.TimelineStore;
import dev.feedkit.testkit.PrivateRedis;
import dev.feedkit.testkit.TimelineStoreContract;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The timeline contract on a 3-master Redis Cluster that this test starts, plus the per-node batching. */
final class ClusterTimelineStoreContractTest extends TimelineStoreContract {
    private static final long T0 = 1_790_000_000_000_000L;
    private static TestCluster cluster;
    private static int stores;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected TimelineStore newStore(int capacity) {
        return RedisTimelines.newBuilder().clusterClient(cluster.client).keyPrefix("store" + stores++ + ":")
                .capacity(capacity).timeout(Duration.ofSeconds(2)).writeTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void a_push_to_many_viewers_takes_one_flush_per_node_and_one_script_per_viewer() {
        try (TimelineStore s = newStore(10)) {
            RedisTimelineStore store = (RedisTimelineStore) s;
            long[] viewers = new long[300];
            for (int i = 0; i < viewers.length; i++) {
                viewers[i] = 1_000 + i;
                assertThat(s.startRebuild(viewers[i])).isTrue();
                assertThat(s.finishRebuild(viewers[i], new Candidates(), true)).isTrue();
            }
            s.push(1, 2, T0, viewers, viewers.length); // loads the script on every node
            Map<String, Long> before = store.flushesByNode();
            cluster.nodes.forEach(n -> CommandStats.resetStats(cluster.admin, Services.withTimeout(n.uri())));

            s.push(7, 2, T0 + 1, viewers, viewers.length);

            Map<String, Long> flushes = new HashMap<>(store.flushesByNode());
            before.forEach((node, n) -> flushes.merge(node, -n, Long::sum));
            assertThat(flushes).hasSize(3).allSatisfy((node, n) -> assertThat(n).as("flushes to " + node).isEqualTo(1));
            Map<Integer, Integer> viewersPerPort = viewersPerPort(store, viewers);
            for (PrivateRedis n : cluster.nodes) {
                Map<String, Long> calls = CommandStats.commandCalls(cluster.admin, Services.withTimeout(n.uri()));
                assertThat(calls.getOrDefault("evalsha", 0L)).as("EVALSHAs on node " + n.port())
                        .isEqualTo(viewersPerPort.getOrDefault(n.port(), 0).longValue());
                assertThat(calls).doesNotContainKey("eval");
            }
            for (long v : viewers) {
                Candidates out = new Candidates();
                assertThat(s.read(v, Keyset.START, 5, out, Deadline.none())).isEqualTo(TimelineStore.Read.HIT);
                assertThat(out.size()).isEqualTo(2);
                assertThat(out.postId(0)).isEqualTo(7);
            }
        }
    }

    /** Viewers per port of the node that owns their slot; each viewer has its own hash tag, hence its own script. */
    private static Map<Integer, Integer> viewersPerPort(RedisTimelineStore store, long[] viewers) {
        Map<Integer, Integer> perPort = new HashMap<>();
        Set<Integer> slots = new HashSet<>();
        for (long v : viewers) {
            int slot = SlotHash.getSlot(store.keys().timeline(v));
            slots.add(slot);
            RedisClusterNode owner = cluster.client.getPartitions().getPartitionBySlot(slot);
            perPort.merge(owner.getUri().getPort(), 1, Integer::sum);
        }
        assertThat(slots).as("distinct slots").hasSize(viewers.length);
        return perPort;
    }
}
