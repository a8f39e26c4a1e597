/**
 * The JSON {@link dev.feedkit.FeedWriter} of feedkit: {@link dev.feedkit.json.JsonFeedWriter}
 * streams pages in the format of docs/CONTRACT.md, rendering each entity's bytes once and reusing them. Everything
 * else in this package is an implementation detail.
 */
package dev.feedkit.json;
