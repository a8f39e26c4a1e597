package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.TimelineStore;
import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.PrivateRedis;
import io.lettuce.core.RedisClient;
import java.lang.reflect.Proxy;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Counts network round trips outside the library: Redis commands from {@code INFO commandstats} of
 * a private redis-server, and SQL calls as connections borrowed from a counting {@link DataSource}
 * in front of PostgreSQL (feed-jdbc borrows one per query). Issue 9's targets: a warm viewer's
 * unchanged first page costs nothing, a page after a push at most one Redis read and no SQL, and a
 * page past the timeline's cap the keyset query.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TimelineRoundTripTest {
    private static final int CAPACITY = 60;
    private static final DemoData DATA = DemoData.newBuilder().users(300).posts(6_000).meanFollows(15).seed(99).build();

    private TestPg pg;
    private PrivateRedis redis;
    private RedisClient admin;
    private RedisCacheTier tier;
    private TimelineStore timelines;
    private JdbcFeedStore counted;
    private FeedAssembler feeds;
    private final AtomicLong sqlCalls = new AtomicLong();

    @BeforeAll
    void start() {
        pg = TestPg.load(DATA);
        redis = PrivateRedis.start();
        admin = RedisClient.create();
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setURL(pg.url);
        DataSource counting = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, m, args) -> {
                    if (m.getName().equals("getConnection")) {
                        sqlCalls.incrementAndGet();
                    }
                    return m.invoke(plain, args);
                });
        counted = JdbcFeedStore.of(counting, pg.store.schema());
        tier = RedisCacheTier.newBuilder().uri(redis.uri()).keyPrefix("rt:").timeout(Duration.ofMillis(500)).build();
        timelines = RedisTimelines.newBuilder().uri(redis.uri()).keyPrefix("rt:").capacity(CAPACITY)
                .timeout(Duration.ofMillis(500)).build();
        feeds = FeedAssembler.newBuilder().source(counted).store(counted).tier(tier).cursorKey(Services.CURSOR_KEY).timelineStore(timelines)
                .prewarm(false).build();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {feeds, timelines, tier, counted, pg}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing what is left
            }
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void a_warm_first_page_costs_nothing_a_page_after_a_push_one_redis_read_and_past_the_cap_the_sql_query() {
        long viewer = DATA.sampleViewer();
        // An author already on the viewer's first page: the viewer's relationship to it is cached. (A
        // post by an author the viewer has not seen yet costs one entity load for that relationship.)
        long followee = page(viewer, null).items().stream().map(i -> i.post().authorId()).filter(a -> a != viewer)
                .findFirst().orElseThrow();
        awaitIdle();
        page(viewer, null); // from the timeline, now kept in memory

        Counts warm = measure(() -> page(viewer, null));
        assertThat(warm.redisCommands()).as("Redis commands for a warm unchanged first page").isZero();
        assertThat(warm.sql()).as("SQL calls for a warm unchanged first page").isZero();

        Instant at = Instant.now();
        pg.update("INSERT INTO %s.posts (id, author_id, body, created_at) VALUES (?, ?, ?, ?)", 9_000_000_001L, followee,
                "pushed", Timestamp.from(at));
        feeds.postPublished(9_000_000_001L, followee, at);
        awaitIdle();
        FeedPage[] afterPush = new FeedPage[1];
        Counts pushed = measure(() -> afterPush[0] = page(viewer, null));
        assertThat(afterPush[0].items().get(0).post().id()).isEqualTo(9_000_000_001L);
        assertThat(pushed.redisReads()).as("Redis reads for the first page after a push").isLessThanOrEqualTo(1);
        assertThat(pushed.sql()).as("SQL calls for the first page after a push").isZero();

        FeedPage p = afterPush[0];
        for (int i = 0; i < 3; i++) { // limit 20: the fourth page starts past the 60-entry cap
            p = page(viewer, p.nextPage());
        }
        String cursor = p.nextPage();
        Counts pastCap = measure(() -> page(viewer, cursor));
        assertThat(pastCap.sql()).as("SQL calls for a page past the cap").isGreaterThanOrEqualTo(1);
        System.out.printf("round trips: warm first page redis=%d sql=%d; after a push redis reads=%d (commands %d)"
                + " sql=%d; past the cap redis reads=%d sql=%d%n", warm.redisCommands(), warm.sql(), pushed.redisReads(),
                pushed.redisCommands(), pushed.sql(), pastCap.redisReads(), pastCap.sql());
    }

    /** Redis reads (page and entity reads), every Redis command but the test's own, and SQL calls. */
    record Counts(long redisReads, long redisCommands, long sql) {
    }

    private Counts measure(Runnable page) {
        awaitIdle();
        CommandStats.resetStats(admin, Services.withTimeout(redis.uri()));
        long sql0 = sqlCalls.get();
        page.run();
        long sql = sqlCalls.get() - sql0;
        Map<String, Long> calls = CommandStats.commandCalls(admin, Services.withTimeout(redis.uri()));
        long reads = calls.getOrDefault("zrevrangebylex", 0L) + calls.getOrDefault("mget", 0L)
                + calls.getOrDefault("get", 0L);
        // The test's own connection says HELLO (and maybe CLIENT SETINFO) before INFO.
        long all = calls.entrySet().stream().filter(e -> !e.getKey().startsWith("config") && !e.getKey().equals("info")
                && !e.getKey().equals("hello") && !e.getKey().startsWith("client"))
                .mapToLong(Map.Entry::getValue).sum();
        return new Counts(reads, all, sql);
    }

    private FeedPage page(long viewer, String cursor) {
        FeedRequest.Builder b = FeedRequest.newBuilder(viewer).limit(20);
        return feeds.assemble(cursor == null ? b.build() : b.cursor(cursor).build());
    }

    /** Waits until the write path and the L2 writer have nothing left, so that no background command is counted. */
    private void awaitIdle() {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!feeds.timelinesIdle() || tier.writer().queued() > 0) {
            assertThat(System.nanoTime()).as("write path idle in time").isLessThan(end);
            Thread.onSpinWait();
        }
        try {
            Thread.sleep(200); // the L2 writer's batch in flight; not a timing assertion
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
