package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.TimelineStore;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.PrivateRedis;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Redis killed in the middle of a fan-out: the failed push waits in the retry list, is sent again
 * once a Redis answers (here a restarted, empty one, whose timelines are then rebuilt), and every
 * follower's first page shows the post. Nothing is lost.
 */
final class TimelineOutageTest {
    private static final DemoData DATA = DemoData.newBuilder().users(300).posts(4_000).meanFollows(15).seed(7).build();

    @Test
    void a_post_fanned_out_while_redis_is_killed_reaches_every_followers_first_page() throws Exception {
        long author = DATA.follows().stream().collect(java.util.stream.Collectors.groupingBy(DemoData.Edge::to,
                java.util.stream.Collectors.counting())).entrySet().stream().max(java.util.Map.Entry.comparingByValue())
                .orElseThrow().getKey();
        List<Long> fans = DATA.follows().stream().filter(e -> e.to() == author).map(DemoData.Edge::from)
                .filter(f -> DATA.blocks().stream().noneMatch(b -> b.from() == f && b.to() == author
                        || b.from() == author && b.to() == f))
                .filter(f -> DATA.mutes().stream().noneMatch(m -> m.from() == f && m.to() == author)).toList();
        try (TestPg pg = TestPg.load(DATA); PrivateRedis redis = PrivateRedis.start();
                RedisCacheTier tier = RedisCacheTier.newBuilder().uri(redis.uri()).keyPrefix("out:")
                        .timeout(Duration.ofMillis(100)).build();
                TimelineStore timelines = RedisTimelines.newBuilder().uri(redis.uri()).keyPrefix("out:")
                        .timeout(Duration.ofMillis(200)).writeTimeout(Duration.ofMillis(300)).build();
                FeedAssembler feeds = FeedAssembler.newBuilder().source(pg.store).store(pg.store).tier(tier).cursorKey(Services.CURSOR_KEY)
                        .timelineStore(timelines).prewarm(false).build()) {
            fans.forEach(f -> firstPage(feeds, f));
            await(feeds::timelinesIdle);
            fans.forEach(f -> firstPage(feeds, f)); // now kept in memory

            redis.kill();
            Instant at = Instant.now();
            pg.update("INSERT INTO %s.posts (id, author_id, body, created_at) VALUES (?, ?, ?, ?)", 8_000_000_001L,
                    author, "while Redis was down", Timestamp.from(at));
            feeds.postPublished(8_000_000_001L, author, at);
            await(() -> feeds.timelineStats().failures() > 0);
            assertThat(feeds.timelinesIdle()).as("the failed fan-out waits for a retry").isFalse();

            redis.restart();
            await(feeds::timelinesIdle);
            assertThat(feeds.timelineStats().lost()).isZero();
            for (long fan : fans) {
                assertThat(firstPage(feeds, fan)).as("first page of follower %d", fan).contains(8_000_000_001L);
            }
        }
    }

    private static List<Long> firstPage(FeedAssembler feeds, long viewer) {
        return feeds.assemble(FeedRequest.newBuilder(viewer).limit(20).build()).items().stream()
                .map(i -> i.post().id()).toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met in time").isLessThan(end);
            Thread.sleep(10);
        }
    }
}
