package dev.feedkit.spring;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code feedkit.*} properties the starter builds its {@code FeedAssembler}, JDBC store and
 * Redis tier from. Defaults are the library's own; each bound is the one the builders enforce.
 *
 * <p>Why a self-validating class rather than Jakarta Bean Validation: a host may not have a Bean
 * Validation provider, and the rules here cross fields (the negative TTL is bounded by the entity
 * TTL, previous cursor keys by the current one). Spring Boot runs a properties bean that is a
 * {@link Validator} on every bind, so a bad value fails start-up with a message that names the
 * {@code feedkit.xxx} property, its value and the bound, as {@code FeedAssembler.Builder} does for
 * its settings.
 */
@ConfigurationProperties(prefix = FeedProperties.PREFIX)
public class FeedProperties implements Validator {
    /** The prefix of every property. */
    public static final String PREFIX = "feedkit";

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** Whether to autoconfigure feedkit at all. */
    private boolean enabled = true;

    /** How long a page may take when the request names no timeout. */
    private Duration timeout = Duration.ofSeconds(1);

    /**
     * How long a page of candidates read from the source is reused for the same viewer, position
     * and limit; zero reads the source for every page. Up to 10 minutes.
     */
    private Duration candidateTtl = Duration.ZERO;

    /** Size of the pool that keeps scratch objects for reuse; unset: four per core. 1..4096. */
    private Integer scratchPoolSize;

    private final L1 l1 = new L1();
    private final StaleCandidates staleCandidates = new StaleCandidates();
    private final Prewarm prewarm = new Prewarm();
    private final Async async = new Async();
    private final Cursor cursor = new Cursor();
    private final Store store = new Store();
    private final Redis redis = new Redis();
    private final Timelines timelines = new Timelines();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getCandidateTtl() {
        return candidateTtl;
    }

    public void setCandidateTtl(Duration candidateTtl) {
        this.candidateTtl = candidateTtl;
    }

    public Integer getScratchPoolSize() {
        return scratchPoolSize;
    }

    public void setScratchPoolSize(Integer scratchPoolSize) {
        this.scratchPoolSize = scratchPoolSize;
    }

    public L1 getL1() {
        return l1;
    }

    public StaleCandidates getStaleCandidates() {
        return staleCandidates;
    }

    public Prewarm getPrewarm() {
        return prewarm;
    }

    public Async getAsync() {
        return async;
    }

    public Cursor getCursor() {
        return cursor;
    }

    public Store getStore() {
        return store;
    }

    public Redis getRedis() {
        return redis;
    }

    public Timelines getTimelines() {
        return timelines;
    }

    // ---------------------------------------------------------------- validation

    @Override
    public boolean supports(Class<?> type) {
        return FeedProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        FeedProperties p = (FeedProperties) target;
        Check c = new Check(errors);
        c.positive("timeout", p.timeout);
        c.between("candidateTtl", p.candidateTtl, Duration.ZERO, Duration.ofMinutes(10));
        c.range("scratchPoolSize", p.scratchPoolSize, 1, 4096);
        p.l1.validate(c);
        p.staleCandidates.validate(c);
        p.prewarm.validate(c);
        c.range("async.threads", p.async.threads, 1, 1024);
        c.range("async.queue", p.async.queue, 1, 1 << 20);
        p.cursor.validate(c);
        p.store.validate(c);
        p.redis.validate(c);
        p.timelines.validate(c);
    }

    /** Rejects values with messages that name the property as a host writes it. */
    static final class Check {
        private final Errors errors;

        Check(Errors errors) {
            this.errors = errors;
        }

        /** @return {@code feedkit.} and the field path in kebab case: {@code feedkit.l1.entity-ttl} */
        static String property(String field) {
            return PREFIX + "." + field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        }

        void reject(String field, String rule, Object value) {
            errors.rejectValue(field, "feedkit.invalid", property(field) + " " + rule + ", was " + value);
        }

        /** For secrets: a global error, so that the value is never recorded or printed. */
        void rejectSecret(String field, String rule) {
            errors.reject("feedkit.invalid", property(field) + " " + rule);
        }

        void required(String field, Object value) {
            if (value == null) {
                errors.rejectValue(field, "feedkit.required", property(field) + " must be set");
            }
        }

        void positive(String field, Duration value) {
            required(field, value);
            if (value != null && (value.isNegative() || value.isZero())) {
                reject(field, "must be positive", value);
            }
        }

        void between(String field, Duration value, Duration min, Duration max) {
            required(field, value);
            if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
                reject(field, "must be between " + min + " and " + max, value);
            }
        }

        /** Like {@link #between}, but an unset value is allowed (it takes a default). */
        void optionalBetween(String field, Duration value, Duration min, Duration max) {
            if (value != null) {
                between(field, value, min, max);
            }
        }

        void range(String field, Number value, long min, long max) {
            if (value != null && (value.longValue() < min || value.longValue() > max)) {
                reject(field, "must be between " + min + " and " + max, value);
            }
        }

        void size(String field, DataSize value, long minBytes, long maxBytes) {
            required(field, value);
            if (value != null && (value.toBytes() < minBytes || value.toBytes() > maxBytes)) {
                reject(field, "must be between " + DataSize.ofBytes(minBytes) + " and " + DataSize.ofBytes(maxBytes)
                        + " (in bytes)", value);
            }
        }
    }

    /** Decodes a cursor key; null if it is not Base64 or shorter than 16 bytes. */
    static byte[] decodeKey(String base64) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.strip());
            return key.length >= 16 ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- groups

    /** The in-process Caffeine cache in front of Redis and the store. */
    public static class L1 {
        /** L1's bound in estimated bytes of the cached entities, at least 1MB. */
        private DataSize maximumWeight = DataSize.ofMegabytes(64);

        /** How long posts and authors stay in L1, plus or minus 10 % jitter. */
        private Duration entityTtl = Duration.ofMinutes(5);

        /** How long relationships between viewer and author stay in L1, plus or minus 10 % jitter. */
        private Duration relationshipTtl = Duration.ofSeconds(60);

        /** How long the absence of a post or user stays in L1; no longer than the entity TTL. */
        private Duration negativeTtl = Duration.ofSeconds(5);

        public DataSize getMaximumWeight() {
            return maximumWeight;
        }

        public void setMaximumWeight(DataSize maximumWeight) {
            this.maximumWeight = maximumWeight;
        }

        public Duration getEntityTtl() {
            return entityTtl;
        }

        public void setEntityTtl(Duration entityTtl) {
            this.entityTtl = entityTtl;
        }

        public Duration getRelationshipTtl() {
            return relationshipTtl;
        }

        public void setRelationshipTtl(Duration relationshipTtl) {
            this.relationshipTtl = relationshipTtl;
        }

        public Duration getNegativeTtl() {
            return negativeTtl;
        }

        public void setNegativeTtl(Duration negativeTtl) {
            this.negativeTtl = negativeTtl;
        }

        void validate(Check c) {
            c.size("l1.maximumWeight", maximumWeight, 1L << 20, Long.MAX_VALUE);
            c.positive("l1.entityTtl", entityTtl);
            c.positive("l1.relationshipTtl", relationshipTtl);
            c.positive("l1.negativeTtl", negativeTtl);
            if (negativeTtl != null && entityTtl != null && negativeTtl.compareTo(entityTtl) > 0) {
                c.reject("l1.negativeTtl", "must not exceed feedkit.l1.entity-ttl (" + entityTtl + ")", negativeTtl);
            }
        }
    }

    /** Stale-if-error for candidates: pages kept to serve while the source fails. */
    public static class StaleCandidates {
        /** How long a page of candidates is kept for stale-if-error; zero turns it off. Up to 1 hour. */
        private Duration ttl = Duration.ofMinutes(5);

        /** Bound of the kept pages in estimated retained bytes, 64KB to 1TB. */
        private DataSize maximumSize = DataSize.ofMegabytes(16);

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public DataSize getMaximumSize() {
            return maximumSize;
        }

        public void setMaximumSize(DataSize maximumSize) {
            this.maximumSize = maximumSize;
        }

        void validate(Check c) {
            c.between("staleCandidates.ttl", ttl, Duration.ZERO, Duration.ofHours(1));
            c.size("staleCandidates.maximumSize", maximumSize, 64L << 10, 1L << 40);
        }
    }

    /** Next-page pre-warming on a bounded pool. */
    public static class Prewarm {
        /** Whether to pre-warm the next page after each page that has one. */
        private boolean enabled = true;

        /** Threads of the pre-warm pool, 1..64. */
        private int threads = 1;

        /** Jobs that may wait for the pre-warm pool, 1..65536; a job that finds it full is dropped. */
        private int queue = 64;

        /** Largest TTL multiplier of pre-warmed entries while jobs are dropped, 1..1024. */
        private int maxTtlMultiplier = 8;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getThreads() {
            return threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
        }

        public int getQueue() {
            return queue;
        }

        public void setQueue(int queue) {
            this.queue = queue;
        }

        public int getMaxTtlMultiplier() {
            return maxTtlMultiplier;
        }

        public void setMaxTtlMultiplier(int maxTtlMultiplier) {
            this.maxTtlMultiplier = maxTtlMultiplier;
        }

        void validate(Check c) {
            c.range("prewarm.threads", threads, 1, 64);
            c.range("prewarm.queue", queue, 1, 65536);
            c.range("prewarm.maxTtlMultiplier", maxTtlMultiplier, 1, 1024);
        }
    }

    /** The pool behind FeedAssembler.assembleAsync. */
    public static class Async {
        /** Threads of the async pool, 1..1024; unset: one per core, at least 2. */
        private Integer threads;

        /** Jobs that may wait for the async pool, 1..1048576; unset: 1024. */
        private Integer queue;

        public Integer getThreads() {
            return threads;
        }

        public void setThreads(Integer threads) {
            this.threads = threads;
        }

        public Integer getQueue() {
            return queue;
        }

        public void setQueue(Integer queue) {
            this.queue = queue;
        }
    }

    /** The pool that runs the timelines' write path and rebuilds. */
    public static class FanOut {
        /** Threads of the fan-out pool, 1..64; unset: 2. */
        private Integer threads;

        /** Jobs that may wait for the fan-out pool, 1..1048576; unset: 10000; a write-path job that finds it full is retried. */
        private Integer queue;

        public Integer getThreads() {
            return threads;
        }

        public void setThreads(Integer threads) {
            this.threads = threads;
        }

        public Integer getQueue() {
            return queue;
        }

        public void setQueue(Integer queue) {
            this.queue = queue;
        }
    }

    /** The secret that signs cursors, and the retired ones still accepted. */
    public static class Cursor {
        /**
         * The signing secret, Base64, at least 16 bytes once decoded (e.g. from
         * {@code openssl rand -base64 32}). Every instance that serves the same clients uses the
         * same. Required with a Redis L2; unset without one: a random key per process, whose
         * cursors stop working when it restarts.
         */
        private String key;

        /** The id every cursor carries of the key that signed it, 0..255. */
        private int keyId;

        /**
         * Retired keys by id, Base64, still accepted while their cursors are wanted; new cursors
         * are signed with {@code feedkit.cursor.key} only. To rotate: give the new key a new id
         * and list the old one here.
         */
        private Map<Integer, String> previousKeys = new LinkedHashMap<>();

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public int getKeyId() {
            return keyId;
        }

        public void setKeyId(int keyId) {
            this.keyId = keyId;
        }

        public Map<Integer, String> getPreviousKeys() {
            return previousKeys;
        }

        public void setPreviousKeys(Map<Integer, String> previousKeys) {
            this.previousKeys = previousKeys;
        }

        void validate(Check c) {
            if (key != null && decodeKey(key) == null) {
                c.rejectSecret("cursor.key", "must be Base64 of at least 16 bytes (the value is not shown)");
            }
            c.range("cursor.keyId", keyId, 0, 255);
            for (Map.Entry<Integer, String> e : previousKeys.entrySet()) {
                String field = "cursor.previousKeys[" + e.getKey() + "]";
                if (key == null) {
                    c.rejectSecret(field, "needs a current key: set feedkit.cursor.key");
                } else if (e.getKey() < 0 || e.getKey() > 255) {
                    c.rejectSecret(field, "must have an id between 0 and 255");
                } else if (e.getKey() == keyId) {
                    c.rejectSecret(field, "must not have the id of feedkit.cursor.key-id (" + keyId + ")");
                } else if (e.getValue() == null || decodeKey(e.getValue()) == null) {
                    c.rejectSecret(field, "must be Base64 of at least 16 bytes (the value is not shown)");
                }
            }
        }
    }

    /** The PostgreSQL store (feed-jdbc) over the application's {@code DataSource}. */
    public static class Store {
        /** The schema the feed tables live in: a lower-case unquoted PostgreSQL identifier. */
        private String schema = "public";

        /** Whether to create the schema and apply feedkit's versioned SQL at start-up. */
        private boolean migrate;

        /** Consecutive failed calls that open the store circuit breaker, 1..1000. */
        private int breakerFailures = 5;

        /** How long the open store breaker fails calls at once before one probes, 10ms to 10m. */
        private Duration breakerCoolDown = Duration.ofSeconds(1);

        public String getSchema() {
            return schema;
        }

        public void setSchema(String schema) {
            this.schema = schema;
        }

        public boolean isMigrate() {
            return migrate;
        }

        public void setMigrate(boolean migrate) {
            this.migrate = migrate;
        }

        public int getBreakerFailures() {
            return breakerFailures;
        }

        public void setBreakerFailures(int breakerFailures) {
            this.breakerFailures = breakerFailures;
        }

        public Duration getBreakerCoolDown() {
            return breakerCoolDown;
        }

        public void setBreakerCoolDown(Duration breakerCoolDown) {
            this.breakerCoolDown = breakerCoolDown;
        }

        void validate(Check c) {
            c.required("store.schema", schema);
            if (schema != null && !SCHEMA_NAME.matcher(schema).matches()) {
                c.reject("store.schema", "must be a lower-case identifier matching " + SCHEMA_NAME.pattern(),
                        '"' + schema + '"');
            }
            c.range("store.breakerFailures", breakerFailures, 1, 1000);
            c.between("store.breakerCoolDown", breakerCoolDown, Duration.ofMillis(10), Duration.ofMinutes(10));
        }
    }

    /** The Redis L2 (feed-redis) over the application's Lettuce {@code RedisClient} or {@code RedisClusterClient}. */
    public static class Redis {
        /** Whether to add a Redis L2 when the application has a Lettuce client bean. */
        private boolean enabled = true;

        /** Prefix of every key, so that several applications share one Redis; no braces. */
        private String keyPrefix = "feedkit:";

        /** Pub/sub channel of invalidations, the same for every instance; unset: the key prefix followed by "invalidations". */
        private String channel;

        /** How long a read waits for Redis before its keys count as misses, 1ms to 10s. */
        private Duration timeout = Duration.ofMillis(5);

        /** How long posts and authors stay in Redis, 1s to 30d; unset: 5 minutes. Keep it no longer than feedkit.l1.entity-ttl. */
        private Duration entityTtl;

        /** How long relationships stay in Redis, 1s to 30d; unset: 60 seconds. */
        private Duration relationshipTtl;

        /** How long the absence of a post or user stays in Redis, 1s to 30d; unset: 5 seconds. */
        private Duration absentTtl;

        /** Consecutive failed or late calls that open the Redis circuit breaker, 1..1000. */
        private int breakerFailures = 5;

        /** How long the open Redis breaker skips Redis before one call probes it, 10ms to 10m. */
        private Duration breakerCoolDown = Duration.ofSeconds(1);

        /** Put batches that may wait for the writer thread, 1..1048576; a batch that finds it full is dropped. */
        private int writeQueue = 1024;


        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        public String getChannel() {
            return channel;
        }

        public void setChannel(String channel) {
            this.channel = channel;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getEntityTtl() {
            return entityTtl;
        }

        public void setEntityTtl(Duration entityTtl) {
            this.entityTtl = entityTtl;
        }

        public Duration getRelationshipTtl() {
            return relationshipTtl;
        }

        public void setRelationshipTtl(Duration relationshipTtl) {
            this.relationshipTtl = relationshipTtl;
        }

        public Duration getAbsentTtl() {
            return absentTtl;
        }

        public void setAbsentTtl(Duration absentTtl) {
            this.absentTtl = absentTtl;
        }

        public int getBreakerFailures() {
            return breakerFailures;
        }

        public void setBreakerFailures(int breakerFailures) {
            this.breakerFailures = breakerFailures;
        }

        public Duration getBreakerCoolDown() {
            return breakerCoolDown;
        }

        public void setBreakerCoolDown(Duration breakerCoolDown) {
            this.breakerCoolDown = breakerCoolDown;
        }

        public int getWriteQueue() {
            return writeQueue;
        }

        public void setWriteQueue(int writeQueue) {
            this.writeQueue = writeQueue;
        }

        void validate(Check c) {
            c.required("redis.keyPrefix", keyPrefix);
            if (keyPrefix != null && (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0)) {
                c.reject("redis.keyPrefix", "must not contain '{' or '}' (Redis Cluster hash tags)", keyPrefix);
            }
            if (channel != null && channel.isEmpty()) {
                c.reject("redis.channel", "must not be empty", "\"\"");
            }
            c.between("redis.timeout", timeout, Duration.ofMillis(1), Duration.ofSeconds(10));
            c.optionalBetween("redis.entityTtl", entityTtl, Duration.ofSeconds(1), Duration.ofDays(30));
            c.optionalBetween("redis.relationshipTtl", relationshipTtl, Duration.ofSeconds(1), Duration.ofDays(30));
            c.optionalBetween("redis.absentTtl", absentTtl, Duration.ofSeconds(1), Duration.ofDays(30));
            c.range("redis.breakerFailures", breakerFailures, 1, 1000);
            c.between("redis.breakerCoolDown", breakerCoolDown, Duration.ofMillis(10), Duration.ofMinutes(10));
            c.range("redis.writeQueue", writeQueue, 1, 1 << 20);
        }
    }

    /** Per-viewer timelines filled on the write path. */
    public static class Timelines {
        /**
         * Whether to serve first pages from per-viewer timelines, kept in Redis (RedisTimelines,
         * same key prefix) when there is a Redis client, else in this process's heap. Off by
         * default in the starter: on, the application must call the assembler's write-path
         * methods (postPublished, postDeleted, followed, ...) after each change, or first pages
         * miss it.
         */
        private boolean enabled;

        /** Followers that make an author pulled (merged at read time instead of pushed); unset: 10000. */
        private Long pullThreshold;

        private final FanOut fanOut = new FanOut();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Long getPullThreshold() {
            return pullThreshold;
        }

        public void setPullThreshold(Long pullThreshold) {
            this.pullThreshold = pullThreshold;
        }

        public FanOut getFanOut() {
            return fanOut;
        }

        void validate(Check c) {
            c.range("timelines.pullThreshold", pullThreshold, 1, Long.MAX_VALUE);
            c.range("timelines.fanOut.threads", fanOut.threads, 1, 64);
            c.range("timelines.fanOut.queue", fanOut.queue, 1, 1 << 20);
        }
    }
}
