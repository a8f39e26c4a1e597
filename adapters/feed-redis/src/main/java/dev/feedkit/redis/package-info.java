/**
 * A Redis L2 {@link dev.feedkit.CacheTier} for feedkit on Lettuce, with cross-process
 * invalidation over pub/sub and Redis Cluster support, and a Redis {@link dev.feedkit.TimelineStore}.
 * The public entry types are {@link dev.feedkit.redis.RedisCacheTier} and
 * {@link dev.feedkit.redis.RedisTimelines}; everything else is package-private.
 */
package dev.feedkit.redis;
