package dev.feedkit.redis;

import dev.feedkit.TimelineStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Builds the Redis {@link TimelineStore}: each viewer's home timeline is one sorted set, on one
 * server or a Redis Cluster, through Lettuce.
 *
 * <pre>{@code
 * TimelineStore timelines = RedisTimelines.newBuilder().uri("redis://127.0.0.1:6379").keyPrefix("feed:").build();
 * // ... on shutdown:
 * timelines.close();
 * }</pre>
 *
 * <p>A viewer's timeline lives under {@code <prefix>tl:{<viewer>}} (a hash tag per viewer, so
 * timelines spread over a cluster's slots). A page is one round trip; a push to a batch of
 * followers is one flush per node. A timeline that nobody reads for {@link Builder#ttl(Duration)}
 * expires and is rebuilt on its next read. Redis being down or slow is thrown as
 * {@link dev.feedkit.FeedUnavailableException}; the store never serves a missing timeline as empty.
 */
public final class RedisTimelines {
    private RedisTimelines() {
    }

    /**
     * Returns a builder with the defaults documented on each setter.
     *
     * @return a new builder
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Configures a Redis {@link TimelineStore}. Each setter checks its argument; {@link #build()}
     * checks the rules between them and connects. Not thread-safe.
     */
    public static final class Builder {
        private final RedisTarget target = new RedisTarget();
        String keyPrefix = "feedkit:";
        int capacity = TimelineStore.DEFAULT_CAPACITY;
        Duration ttl = Duration.ofDays(7);
        Duration rebuildTtl = Duration.ofSeconds(30);
        Duration timeout = Duration.ofMillis(5);
        Duration writeTimeout = Duration.ofSeconds(1);
        Ticker ticker = Ticker.systemTicker();

        private Builder() {
        }

        /**
         * Connects to one Redis server at {@code uri} with a client the store creates (with
         * {@link RedisCacheTier#recommendedClientOptions()}) and shuts down on close. Set one of
         * {@code uri}, {@link #clusterUris}, {@link #client} or {@link #clusterClient}.
         *
         * @param uri such as {@code redis://127.0.0.1:6379}
         * @return this builder
         * @throws IllegalArgumentException if Lettuce cannot parse it
         */
        public Builder uri(String uri) {
            target.uri(uri);
            return this;
        }

        /**
         * Uses the host's client for one Redis server; the store opens its own connection on it and
         * closes it, but never shuts the client down.
         *
         * @param client the client
         * @return this builder
         */
        public Builder client(RedisClient client) {
            target.client(client);
            return this;
        }

        /**
         * Uses the host's client for a Redis Cluster; the store never shuts it down.
         *
         * @param clusterClient the client
         * @return this builder
         */
        public Builder clusterClient(RedisClusterClient clusterClient) {
            target.clusterClient(clusterClient);
            return this;
        }

        /**
         * Connects to a Redis Cluster through the given seed nodes, with a client the store
         * creates (adaptive topology refresh on) and shuts down on close.
         *
         * @param seeds one or more node URIs, such as {@code redis://10.0.0.1:7000}
         * @return this builder
         * @throws IllegalArgumentException if none is given or Lettuce cannot parse one
         */
        public Builder clusterUris(String... seeds) {
            target.clusterUris(seeds);
            return this;
        }

        /**
         * Sets the prefix of every key; timelines live under {@code <prefix>tl:}. Default
         * {@code feedkit:}, the same as {@link RedisCacheTier}'s, whose keys never start with
         * {@code tl:}.
         *
         * @param prefix any text without braces, which Redis Cluster reserves for hash tags
         * @return this builder
         * @throws IllegalArgumentException if it contains '{' or '}'
         */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = RedisTarget.checkPrefix(prefix);
            return this;
        }

        /**
         * Sets how many entries each timeline keeps; older ones are cut. Default
         * {@value TimelineStore#DEFAULT_CAPACITY}.
         *
         * @param entries 1..{@value TimelineStore#MAX_CAPACITY}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder capacity(int entries) {
            if (entries < 1 || entries > TimelineStore.MAX_CAPACITY) {
                throw new IllegalArgumentException("capacity must be between 1 and " + TimelineStore.MAX_CAPACITY
                        + ", was " + entries);
            }
            this.capacity = entries;
            return this;
        }

        /**
         * Sets how long a timeline lives after it was built or last read; pushes do not extend it,
         * so the timelines of viewers who stopped reading expire. Default 7 days.
         *
         * @param ttl between 1 second and 365 days
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder ttl(Duration ttl) {
            this.ttl = RedisTarget.between("ttl", ttl, Duration.ofSeconds(1), Duration.ofDays(365));
            return this;
        }

        /**
         * Sets how long a rebuild may take: the pushes kept for it expire after this, and a rebuild
         * that finishes later is refused, so the next read rebuilds again. Default 30 seconds.
         *
         * @param ttl between 1 second and 1 hour
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder rebuildTtl(Duration ttl) {
            this.rebuildTtl = RedisTarget.between("rebuildTtl", ttl, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        /**
         * Sets how long a read may wait for Redis (less if the request's deadline is nearer).
         * Default 5 ms: a page read on a healthy LAN takes well under 1 ms.
         *
         * @param timeout between 1 ms and 10 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder timeout(Duration timeout) {
            this.timeout = RedisTarget.between("timeout", timeout, Duration.ofMillis(1), Duration.ofSeconds(10));
            return this;
        }

        /**
         * Sets how long a write (a push batch, a rebuild, a removal) may wait for Redis. Default 1 s.
         *
         * @param timeout between 1 ms and 1 minute
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = RedisTarget.between("writeTimeout", timeout, Duration.ofMillis(1), Duration.ofMinutes(1));
            return this;
        }

        /**
         * Sets the clock the store reads for the deadline of each call to Redis. Default
         * {@link Ticker#systemTicker()}. Meant for tests, with the same fake ticker as the
         * assembler ({@code FeedAssembler.Builder.ticker}); a call still waits in real time, as long
         * as the ticker says is left, and the timelines' TTLs run on the Redis server's clock.
         *
         * @param ticker the clock
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = java.util.Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Connects and returns the store; close it after the last use.
         *
         * @return the store
         * @throws IllegalStateException if not exactly one of uri, clusterUris, client and
         *     clusterClient is set, or if Redis cannot be reached
         */
        public TimelineStore build() {
            return target.open("RedisTimelines.Builder", (backend, owned) -> new RedisTimelineStore(this, backend, owned));
        }
    }
}
