/**
 * feedkit's API and SPIs, and the package-private assembly pipeline behind them.
 *
 * <p>What is public, and nothing else:
 * <ul>
 *   <li>What hosts call: {@link dev.feedkit.FeedAssembler} (and its builder), with
 *       {@link dev.feedkit.FeedRequest}, {@link dev.feedkit.FeedPage}, {@link dev.feedkit.FeedItem},
 *       the entities ({@link dev.feedkit.Post}, {@link dev.feedkit.Author}, {@link dev.feedkit.Media},
 *       {@link dev.feedkit.Relationship}), {@link dev.feedkit.FeedStats}, and the exceptions
 *       ({@link dev.feedkit.FeedException}, {@link dev.feedkit.InvalidRequestException},
 *       {@link dev.feedkit.FeedUnavailableException}).</li>
 *   <li>What adapters implement, stable contracts: {@link dev.feedkit.FeedSource} (keyset pages of
 *       candidates), {@link dev.feedkit.EntityStore} (every miss of a page in one call),
 *       {@link dev.feedkit.CacheTier} (batched get, put, invalidate), {@link dev.feedkit.FeedWriter},
 *       {@link dev.feedkit.Ranker}, {@link dev.feedkit.FeedListener}, {@link dev.feedkit.FeedTracer}
 *       (spans per page and stage, for feed-opentelemetry), and for timelines
 *       {@link dev.feedkit.TimelineStore}, {@link dev.feedkit.FollowerSource} and
 *       {@link dev.feedkit.AuthorPostSource}.</li>
 *   <li>The types those SPIs exchange: {@link dev.feedkit.EntityKeys}, the {@link dev.feedkit.Entities}
 *       aligned with them by index, {@link dev.feedkit.Candidates}, {@link dev.feedkit.Keyset},
 *       {@link dev.feedkit.Deadline}, {@link dev.feedkit.CacheKey}, {@link dev.feedkit.EntityKind},
 *       {@link dev.feedkit.TimelineChange}, and {@link dev.feedkit.Rendered}, the memo slot a writer
 *       fills.</li>
 * </ul>
 *
 * <p>Why the exchange types stay in this package rather than in a {@code spi} package: they are
 * final classes whose package-private side is what the pipeline uses on its hot path (the L1 puts
 * each hit into its slot of {@code Entities} by index, the loader asks an {@code Entities} what is
 * still missing). In another package those operations would have to be public, or go through an
 * interface and a virtual call per key. The batches are pooled scratch: valid only during the call
 * they are passed to.
 *
 * <p>Everything else (the pipeline, its steps, the L1, the timeline machinery) is package-private.
 * The in-memory store, the demo data and the SPI contract suites live in feed-testkit; the feed's
 * semantics are written down in the repository's {@code docs/CONTRACT.md}.
 */
package dev.feedkit;
