/**
 * A Redis L2 {@link dev.feedkit.CacheTier} for feedkit on Lettuce, with cross-process
 * invalidation over pub/sub and Redis Cluster support. The one public entry type is
 * {@link dev.feedkit.redis.RedisCacheTier}; everything else is package-private.
 */
package dev.feedkit.redis;
