/**
 * Spring Boot autoconfiguration for feedkit: a {@link dev.feedkit.FeedAssembler} bean built from
 * {@code feedkit.*} properties ({@link dev.feedkit.spring.FeedProperties}), over the application's
 * {@code DataSource} (feed-jdbc) and Lettuce client (feed-redis), with a JSON writer (feed-json)
 * and a health indicator when those modules are on the classpath.
 */
package dev.feedkit.spring;
