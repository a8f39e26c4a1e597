package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.CacheKey;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.testkit.PrivateRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kills and restarts a private redis-server while four threads assemble pages: no request fails,
 * L2 hits resume after the restart, and pub/sub invalidation works again.
 *
 * <p>On the real clock on purpose: it tests recovery from a real outage, which runs on Lettuce's
 * reconnect timers and the server's own clock, while four threads keep requesting pages. The
 * breaker's cool-down on its own is tested on a fake ticker in {@link CircuitBreakerTest}.
 */
final class OutageTest {
    private static final int USERS = 20;
    private static PrivateRedis server;

    @BeforeAll
    static void start() {
        server = PrivateRedis.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Short L1 TTLs, so that pages keep reading L2 through the outage. */
    private static FeedAssembler assembler(TestStore store, RedisCacheTier tier) {
        return FeedAssembler.newBuilder().source(store).store(store).tier(tier).cursorKey(Services.CURSOR_KEY)
                .entityTtl(Duration.ofMillis(200)).relationshipTtl(Duration.ofMillis(200))
                .negativeTtl(Duration.ofMillis(100)).build();
    }

    private static RedisCacheTier tier() {
        return RedisCacheTier.newBuilder().uri(server.uri()).keyPrefix("outage:").timeout(Duration.ofMillis(50))
                .circuitBreaker(3, Duration.ofMillis(200)).build();
    }

    @Test
    void a_killed_and_restarted_redis_fails_no_request_and_l2_hits_resume() throws Exception {
        TestStore store = TestStore.everyoneFollowsEveryone(USERS, 5);
        try (RedisCacheTier tier = tier(); RedisCacheTier peer = tier();
                FeedAssembler feeds = assembler(store, tier)) {
            Load load = new Load(feeds);
            load.start(4);
            try {
                awaitHitsAbove(tier, 0, Duration.ofSeconds(10));

                server.kill();
                long pagesBeforeOutage = load.pages.get();
                RedisCacheTierTest.awaitTrue(() -> tier.stats().circuitOpen(), Duration.ofSeconds(5));
                RedisCacheTierTest.awaitTrue(() -> load.pages.get() > pagesBeforeOutage + 200, Duration.ofSeconds(30));

                server.restart();
                long hitsAtRestart = tier.stats().hits();
                awaitHitsAbove(tier, hitsAtRestart, Duration.ofSeconds(15));
                awaitPeerInvalidationHeard(tier, peer, Duration.ofSeconds(15));
            } finally {
                load.stop();
            }
            assertThat(load.failures).as("failed requests").isEmpty();
            assertThat(load.pages.get()).isGreaterThan(200);
            assertThat(tier.stats().circuitOpened()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void a_frozen_redis_fails_no_request_and_a_failed_invalidation_is_sent_again() throws Exception {
        TestStore store = TestStore.everyoneFollowsEveryone(USERS, 5);
        try (RedisCacheTier tier = tier(); RedisCacheTier peer = tier();
                FeedAssembler feeds = assembler(store, tier)) {
            Load load = new Load(feeds);
            load.start(4);
            try {
                awaitHitsAbove(tier, 0, Duration.ofSeconds(10));
                server.freeze();
                long pagesBeforeFreeze = load.pages.get();
                RedisCacheTierTest.awaitTrue(() -> tier.stats().circuitOpen(), Duration.ofSeconds(5));
                tier.invalidate(CacheKey.post(3));
                assertThat(tier.stats().invalidationsPending()).isEqualTo(1);
                RedisCacheTierTest.awaitTrue(() -> load.pages.get() > pagesBeforeFreeze + 200, Duration.ofSeconds(30));
                long heardBefore = peer.stats().invalidationsReceived();

                server.thaw();
                RedisCacheTierTest.awaitTrue(() -> tier.stats().invalidationsPending() == 0, Duration.ofSeconds(10));
                RedisCacheTierTest.awaitTrue(() -> peer.stats().invalidationsReceived() > heardBefore,
                        Duration.ofSeconds(10));
                long hitsAtThaw = tier.stats().hits();
                awaitHitsAbove(tier, hitsAtThaw, Duration.ofSeconds(15));
            } finally {
                load.stop();
                server.thaw();
            }
            assertThat(load.failures).as("failed requests").isEmpty();
            assertThat(tier.stats().invalidationsSent()).isEqualTo(1);
            assertThat(tier.stats().invalidationsRetried()).as("sent on a retry").isEqualTo(1);
            assertThat(tier.stats().invalidationsLost()).isZero();
        }
    }

    private static void awaitHitsAbove(RedisCacheTier tier, long hits, Duration max) {
        RedisCacheTierTest.awaitTrue(() -> tier.stats().hits() > hits, max);
    }

    /** Publishes from the peer until the tier hears it: its subscription came back after the restart. */
    private static void awaitPeerInvalidationHeard(RedisCacheTier tier, RedisCacheTier peer, Duration max) {
        long heard = tier.stats().invalidationsReceived();
        long deadline = System.nanoTime() + max.toNanos();
        while (tier.stats().invalidationsReceived() == heard) {
            assertThat(System.nanoTime()).as("invalidation heard before the deadline").isLessThan(deadline);
            peer.invalidate(CacheKey.post(1));
            long wait = System.nanoTime() + 50_000_000L;
            while (tier.stats().invalidationsReceived() == heard && System.nanoTime() < wait) {
                Thread.onSpinWait();
            }
        }
    }

    /** Threads that assemble first pages of random viewers until stopped, recording any failure. */
    private static final class Load {
        private final FeedAssembler feeds;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        final AtomicLong pages = new AtomicLong();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        Load(FeedAssembler feeds) {
            this.feeds = feeds;
        }

        void start(int n) {
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(this::run, "outage-load-" + i);
                threads.add(t);
                t.start();
            }
        }

        private void run() {
            while (running.get()) {
                try {
                    FeedPage page = feeds.assemble(FeedRequest.of(1 + ThreadLocalRandom.current().nextInt(USERS)));
                    if (page.items().size() != 20) {
                        failures.add(new AssertionError("page of " + page.items().size() + " items"));
                    }
                    pages.incrementAndGet();
                } catch (RuntimeException | Error e) {
                    failures.add(e);
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}
