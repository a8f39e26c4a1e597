package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedRequest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two assemblers with separate L1s share one Redis (the shared one, under a prefix of this class). */
final class InvalidationTest {
    private static final String PREFIX = Services.uniquePrefix("invalidation");
    private static final long VIEWER = 1;
    private static final long POST = 7;
    private TestStore store;
    private RedisCacheTier tierA;
    private RedisCacheTier tierB;
    private FeedAssembler a;
    private FeedAssembler b;

    @BeforeAll
    static void requireRedis() {
        Services.requireSharedRedis();
    }

    @AfterAll
    static void deleteKeys() {
        Services.deleteKeys(Services.redisUri(), PREFIX);
    }

    @BeforeEach
    void build() {
        Services.deleteKeys(Services.redisUri(), PREFIX);
        store = TestStore.everyoneFollowsEveryone(4, 3);
        tierA = RedisCacheTierTest.tier(PREFIX);
        tierB = RedisCacheTierTest.tier(PREFIX);
        a = assembler(tierA);
        b = assembler(tierB);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        tierA.close();
        tierB.close();
    }

    private FeedAssembler assembler(RedisCacheTier tier) {
        return FeedAssembler.newBuilder().source(store).store(store).tier(tier).cursorKey(Services.CURSOR_KEY).prewarm(false).build();
    }

    private static Optional<FeedItem> item(FeedAssembler assembler, long postId) {
        return assembler.assemble(FeedRequest.of(VIEWER)).items().stream().filter(i -> i.post().id() == postId)
                .findFirst();
    }

    private static String body(FeedAssembler assembler) {
        return item(assembler, POST).orElseThrow().post().body();
    }

    @Test
    void after_an_update_and_an_invalidate_on_a_b_serves_the_new_value_within_100_ms() {
        assertThat(body(a)).isEqualTo(body(b)).startsWith("post 7");
        store.editPost(POST, "edited");

        long start = System.nanoTime();
        a.invalidatePost(POST);
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(100);
        String seen = body(b);
        while (!seen.equals("edited") && System.nanoTime() < deadline) {
            seen = body(b);
        }

        assertThat(seen).as("B's body of post 7, 100 ms after A invalidated it").isEqualTo("edited");
        assertThat(body(a)).isEqualTo("edited");
        assertThat(tierB.stats().invalidationsReceived()).isEqualTo(1);
    }

    @Test
    void a_block_invalidated_on_a_hides_the_author_on_b() {
        long author = 2;
        assertThat(b.assemble(FeedRequest.of(VIEWER)).items()).anyMatch(i -> i.author().id() == author);
        store.block(author, VIEWER);

        a.invalidateRelationship(VIEWER, author);

        RedisCacheTierTest.awaitTrue(() -> b.assemble(FeedRequest.of(VIEWER)).items().stream()
                .noneMatch(i -> i.author().id() == author), Duration.ofSeconds(1));
        assertThat(a.assemble(FeedRequest.of(VIEWER)).items()).noneMatch(i -> i.author().id() == author);
    }

    @Test
    void a_load_that_started_before_another_process_invalidated_does_not_cache_its_stale_value() throws Exception {
        CountDownLatch release = store.holdNextLoad();
        CompletableFuture<String> stalePage = CompletableFuture.supplyAsync(() -> body(a));
        assertThat(store.loadRead.await(5, TimeUnit.SECONDS)).isTrue();

        store.editPost(POST, "edited");
        b.invalidatePost(POST);
        RedisCacheTierTest.awaitTrue(() -> tierA.stats().invalidationsReceived() == 1, Duration.ofSeconds(5));
        release.countDown();

        assertThat(stalePage.get(5, TimeUnit.SECONDS)).startsWith("post 7");
        RedisCacheTierTest.awaitTrue(() -> tierA.writer().queued() == 0, Duration.ofSeconds(5));
        assertThat(body(a)).as("A's L1 must not keep the stale load").isEqualTo("edited");
        assertThat(redisBody(POST)).as("Redis must not keep the stale load").isNotEqualTo("post 7 by 3");
        assertThat(body(b)).isEqualTo("edited");
    }

    /** The body of the post as Redis holds it, or "absent". */
    private static String redisBody(long postId) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<byte[], byte[]> c = client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE,
                Services.withTimeout(Services.redisUri()))) {
            byte[] v = c.sync().get((PREFIX + "v2:{p:" + postId + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return v == null ? "absent" : ((dev.feedkit.Post) ValueCodec.decode(v)).body();
        } finally {
            client.shutdown();
        }
    }
}
