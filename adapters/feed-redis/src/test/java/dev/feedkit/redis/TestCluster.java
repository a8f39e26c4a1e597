package dev.feedkit.redis;

import dev.feedkit.testkit.PrivateRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A 3-master Redis Cluster on private loopback ports, with a cluster client and an admin client;
 * closing it stops the servers. Every cluster test starts one.
 */
final class TestCluster implements AutoCloseable {
    final List<PrivateRedis> nodes = new ArrayList<>();
    final RedisClusterClient client;
    final RedisClient admin;

    private TestCluster() throws IOException, InterruptedException {
        for (int i = 0; i < 3; i++) {
            nodes.add(PrivateRedis.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "5000"));
        }
        create();
        admin = RedisClient.create();
        for (PrivateRedis n : nodes) {
            RedisCacheTierTest.awaitTrue(() -> clusterInfo(n).contains("cluster_state:ok"), Duration.ofSeconds(30));
        }
        List<RedisURI> seeds = nodes.stream().map(n -> Services.withTimeout(n.uri())).collect(Collectors.toList());
        client = RedisClusterClient.create(seeds);
    }

    /** Starts the cluster, or skips (fails under feedkit.requireServices) without redis-server. */
    static TestCluster start() throws IOException, InterruptedException {
        PrivateRedis.requireBinary();
        return new TestCluster();
    }

    private void create() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(n -> cmd.add("127.0.0.1:" + n.port()));
        cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(nodes.get(0).dir().resolve("cluster-create.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("redis-cli --cluster create failed; see " + nodes.get(0).dir());
        }
    }

    private String clusterInfo(PrivateRedis n) {
        try (StatefulRedisConnection<String, String> c = admin.connect(Services.withTimeout(n.uri()))) {
            return c.sync().clusterInfo();
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.shutdown();
        }
        if (admin != null) {
            admin.shutdown();
        }
        nodes.forEach(PrivateRedis::close);
    }
}
