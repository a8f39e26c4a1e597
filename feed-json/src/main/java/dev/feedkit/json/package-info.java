/**
 * The JSON {@link dev.feedkit.FeedWriter} of feedkit: {@link dev.feedkit.json.JsonFeedWriter}
 * streams pages in SPEC's format on jackson-core, reusing each entity's rendered bytes. Everything
 * else in this package is an implementation detail.
 */
package dev.feedkit.json;
