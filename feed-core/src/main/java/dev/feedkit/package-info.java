/**
 * feedkit's API and SPIs, and the package-private assembly pipeline behind them.
 *
 * <p>Hosts use {@link dev.feedkit.FeedAssembler} with {@link dev.feedkit.FeedRequest} and
 * {@link dev.feedkit.FeedPage}. Adapters implement the stable SPIs: {@link dev.feedkit.FeedSource}
 * (keyset pages of candidates), {@link dev.feedkit.EntityStore} (every miss of a page in one
 * call), {@link dev.feedkit.CacheTier} (batched get, put, invalidate), {@link dev.feedkit.FeedWriter}
 * and {@link dev.feedkit.Ranker}, exchanging pooled primitive scratch types
 * ({@link dev.feedkit.EntityKeys}, the {@link dev.feedkit.Entities} aligned with them by index,
 * {@link dev.feedkit.Candidates}) that are valid only during the call they are passed to. For
 * timelines (fan-out on write): {@link dev.feedkit.TimelineStore} (with an in-memory
 * implementation), {@link dev.feedkit.FollowerSource} and {@link dev.feedkit.AuthorPostSource}.
 * {@link dev.feedkit.InMemoryFeedStore} and {@link dev.feedkit.DemoData} serve tests and the demo.
 */
package dev.feedkit;
