package dev.feedkit.redis;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/*
 * A batch is grouped by the node that owns each key's slot (as the client's last view of the
 * topology says), then by slot. A key whose slot has no known owner goes to no route: it is a miss
 * on read and dropped on write, which is what a tier may do. Plain PUBLISH is broadcast to every
 * node of a cluster, so one subscription on any node hears every invalidation.
 */

/** A backend on a Redis Cluster: one route per node, one group per slot. */
final class ClusterBackend implements Backend {
    private final RedisClusterClient client;
    private final boolean ownsClient;
    private final StatefulRedisClusterConnection<byte[], byte[]> connection;
    private StatefulRedisClusterPubSubConnection<byte[], byte[]> pubSub;

    ClusterBackend(RedisClusterClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
    }

    @Override
    public List<Route> route(byte[][] keys) {
        Partitions partitions = connection.getPartitions();
        Map<String, Map<Integer, List<Integer>>> byNode = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            int slot = SlotHash.getSlot(keys[i]);
            RedisClusterNode owner = partitions.getPartitionBySlot(slot);
            if (owner != null) {
                byNode.computeIfAbsent(owner.getNodeId(), n -> new LinkedHashMap<>())
                        .computeIfAbsent(slot, s -> new ArrayList<>()).add(i);
            }
        }
        List<Route> routes = new ArrayList<>(byNode.size());
        byNode.forEach((node, slots) -> routes.add(new Route(node, nodeConnection(node), groups(slots))));
        return routes;
    }

    private CompletableFuture<io.lettuce.core.api.StatefulRedisConnection<byte[], byte[]>> nodeConnection(String node) {
        return connection.getConnectionAsync(node);
    }

    private static List<int[]> groups(Map<Integer, List<Integer>> slots) {
        List<int[]> groups = new ArrayList<>(slots.size());
        for (List<Integer> indices : slots.values()) {
            groups.add(indices.stream().mapToInt(Integer::intValue).toArray());
        }
        return groups;
    }

    @Override
    public RedisClusterAsyncCommands<byte[], byte[]> commands() {
        return connection.async();
    }

    @Override
    public synchronized void subscribe(byte[] channel, Consumer<byte[]> listener, Runnable resubscribed) {
        pubSub = Backend.subscribe(client.connectPubSub(ByteArrayCodec.INSTANCE), channel, listener, resubscribed);
    }

    @Override
    public synchronized void close() {
        Backend.close(pubSub, connection, client, ownsClient);
    }
}
