package dev.feedkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A backend on one Redis server: every batch is one route with one group. */
final class StandaloneBackend implements Backend {
    private final RedisClient client;
    private final boolean ownsClient;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final CompletableFuture<StatefulRedisConnection<byte[], byte[]>> ready;
    private final String node;
    private StatefulRedisPubSubConnection<byte[], byte[]> pubSub;

    StandaloneBackend(RedisClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
        this.ready = CompletableFuture.completedFuture(connection);
        this.node = "standalone";
    }

    @Override
    public List<Route> route(byte[][] keys) {
        int[] all = new int[keys.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return List.of(new Route(node, ready, List.of(all)));
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
