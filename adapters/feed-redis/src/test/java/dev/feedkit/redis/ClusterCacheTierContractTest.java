package dev.feedkit.redis;

import dev.feedkit.CacheTier;
import dev.feedkit.testkit.CacheTierContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cache tier contract on a 3-master Redis Cluster that this test starts on loopback ports. */
final class ClusterCacheTierContractTest extends CacheTierContract {
    private static TestCluster cluster;
    private static int tiers;

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
    protected CacheTier newTier() {
        return RedisCacheTier.newBuilder().clusterClient(cluster.client).keyPrefix("contract" + (tiers++) + ":")
                .timeout(Duration.ofMillis(500)).build();
    }

    @Override
    protected void close(CacheTier tier) {
        ((RedisCacheTier) tier).close();
    }
}
