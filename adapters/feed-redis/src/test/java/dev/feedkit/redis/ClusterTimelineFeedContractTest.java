package dev.feedkit.redis;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The timeline feed contract on PostgreSQL + a 3-master Redis Cluster that this test starts. */
final class ClusterTimelineFeedContractTest extends PgRedisTimelineFeedContract {
    private TestCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = TestCluster.start();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    RedisCacheTier.Builder tier() {
        return RedisCacheTier.newBuilder().clusterClient(cluster.client).keyPrefix("tf:").timeout(Duration.ofMillis(500));
    }

    @Override
    RedisTimelines.Builder timelines() {
        return RedisTimelines.newBuilder().clusterClient(cluster.client).keyPrefix("tf:")
                .timeout(Duration.ofSeconds(1));
    }
}
