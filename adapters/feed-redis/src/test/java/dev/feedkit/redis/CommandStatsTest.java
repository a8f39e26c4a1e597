package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedStats;
import dev.feedkit.testkit.PrivateRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Counts what Redis itself saw (INFO commandstats on a private server): one MGET per page for its
 * L1 misses, and no read at all once L1 is warm.
 */
final class CommandStatsTest {
    private static final int VIEWERS = 10;
    private static PrivateRedis server;
    private static RedisClient admin;
    private static RedisURI uri;

    @BeforeAll
    static void start() {
        server = PrivateRedis.start();
        uri = Services.withTimeout(server.uri());
        admin = RedisClient.create();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    private static FeedAssembler assembler(TestStore store, RedisCacheTier tier, List<FeedStats> pages) {
        return FeedAssembler.newBuilder().source(store).store(store).tier(tier).cursorKey(Services.CURSOR_KEY).prewarm(false)
                .listener(pages::add).build();
    }

    private static RedisCacheTier tier() {
        return RedisCacheTier.newBuilder().uri(server.uri()).keyPrefix("stats:").timeout(Duration.ofMillis(500)).build();
    }

    @Test
    void one_mget_per_page_for_l1_misses_and_no_read_when_l1_is_warm() {
        TestStore store = TestStore.everyoneFollowsEveryone(VIEWERS, 5);
        List<FeedStats> pages = new CopyOnWriteArrayList<>();
        try (RedisCacheTier first = tier(); FeedAssembler warmer = assembler(store, first, pages)) {
            for (long v = 1; v <= VIEWERS; v++) {
                warmer.assemble(FeedRequest.of(v));
            }
            RedisCacheTierTest.awaitTrue(() -> first.writer().queued() == 0 && first.stats().written() > 0
                    && first.stats().written() == written(pages), Duration.ofSeconds(10));
        }
        int loadsBefore = store.loads.get();
        pages.clear();
        try (RedisCacheTier tier = tier(); FeedAssembler cold = assembler(store, tier, pages)) {
            CommandStats.resetStats(admin, uri);
            for (long v = 1; v <= VIEWERS; v++) {
                FeedPage page = cold.assemble(FeedRequest.of(v));
                assertThat(page.items()).hasSize(20);
            }
            Map<String, Long> coldCalls = CommandStats.commandCalls(admin, uri);

            CommandStats.resetStats(admin, uri);
            for (long v = 1; v <= VIEWERS; v++) {
                cold.assemble(FeedRequest.of(v));
            }
            Map<String, Long> warmCalls = CommandStats.commandCalls(admin, uri);

            assertThat(coldCalls).containsEntry("mget", (long) VIEWERS);
            assertThat(coldCalls).doesNotContainKeys("get", "eval", "evalsha", "set", "exists");
            assertThat(pages.get(0).l1Hits()).isZero();
            assertThat(pages.subList(0, VIEWERS)).allSatisfy(s -> {
                assertThat(s.l2Hits()).isPositive();
                assertThat(s.storeCalls()).isZero();
            });
            assertThat(store.loads.get()).isEqualTo(loadsBefore);
            assertThat(warmCalls).doesNotContainKeys("mget", "get", "eval", "evalsha", "exists");
            assertThat(pages.subList(VIEWERS, 2 * VIEWERS)).allSatisfy(s -> assertThat(s.l2Hits()).isZero());
        }
    }

    /** Keys the warm-up pages loaded from the store, which the tier must have written. */
    private static long written(List<FeedStats> pages) {
        return pages.stream().mapToLong(FeedStats::storeKeys).sum();
    }
}
