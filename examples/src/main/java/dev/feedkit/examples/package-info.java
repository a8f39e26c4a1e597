/**
 * The feedkit demo: {@link dev.feedkit.examples.DemoServer}, an HTTP server that serves feed pages
 * as JSON from a {@link dev.feedkit.FeedAssembler}, by default over generated in-memory data.
 * Run it with {@code bin/demo}; everything but {@code DemoServer} is package-private.
 */
package dev.feedkit.examples;
