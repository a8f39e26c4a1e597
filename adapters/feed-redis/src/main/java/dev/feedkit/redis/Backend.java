package dev.feedkit.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/*
 * Why routes: on one server every key of a batch goes into one command on one connection; on a
 * cluster a multi-key command must stay within one slot, so a batch is split per node and, within
 * a node, per slot, and each node's commands are written with one dispatch: Lettuce's
 * DefaultEndpoint writes every command of a collection to the channel and then flushes once. The
 * tier builds the commands; a backend only says where they go.
 */

/** Where the tier's commands go: one Redis server, or the nodes of a Redis Cluster. */
interface Backend {

    /**
     * Splits a batch of keys by node and, within a node, by slot.
     *
     * @param keys the keys of the batch
     * @return one route per node; the index groups of all routes cover every key once
     */
    List<Route> route(byte[][] keys);

    /** @return commands for single-key (or single-slot) calls, routed by Lettuce */
    RedisClusterAsyncCommands<byte[], byte[]> commands();

    /**
     * Subscribes to a pub/sub channel; Lettuce resubscribes after a reconnect.
     *
     * @param channel the channel
     * @param listener receives each message, on a Lettuce thread
     * @param resubscribed runs, on a Lettuce thread, each time the subscription is confirmed again
     *     after the first time: the link was down and messages published meanwhile were lost
     */
    void subscribe(byte[] channel, Consumer<byte[]> listener, Runnable resubscribed);

    /** Closes the connections, and the client and its resources if the tier created them. */
    void close();

    /**
     * Subscribes {@code pubSub} to {@code channel}, handing each message to {@code listener}.
     *
     * @return {@code pubSub}
     */
    static <C extends StatefulRedisPubSubConnection<byte[], byte[]>> C subscribe(C pubSub, byte[] channel,
            Consumer<byte[]> listener, Runnable resubscribed) {
        AtomicBoolean first = new AtomicBoolean(true);
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] ch, byte[] message) {
                listener.accept(message);
            }

            @Override
            public void subscribed(byte[] ch, long count) {
                if (!first.compareAndSet(true, false)) {
                    resubscribed.run();
                }
            }
        });
        pubSub.sync().subscribe(channel);
        return pubSub;
    }

    /** Closes the pub/sub connection (if any) and the connection, then the client if the tier owns it. */
    static void close(StatefulConnection<?, ?> pubSub, StatefulConnection<?, ?> connection, AbstractRedisClient client,
            boolean ownsClient) {
        if (pubSub != null) {
            pubSub.close();
        }
        connection.close();
        if (ownsClient) {
            client.shutdown();
        }
    }

    /**
     * The keys of a batch that go to one node.
     *
     * @param node a name for the node, for counters and logs
     * @param connection the node's connection
     * @param groups indices into the batch, one array per slot (or one for a single server)
     */
    record Route(String node, CompletionStage<StatefulRedisConnection<byte[], byte[]>> connection,
            List<int[]> groups) {
    }
}
