/**
 * Micrometer meters for feedkit: {@link dev.feedkit.micrometer.FeedkitMetrics} for an assembler,
 * {@link dev.feedkit.micrometer.RedisTierMetrics} for a Redis L2.
 */
package dev.feedkit.micrometer;
