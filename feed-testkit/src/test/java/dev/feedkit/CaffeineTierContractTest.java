package dev.feedkit;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.feedkit.testkit.CacheTierContract;
import java.time.Duration;

/*
 * The L1 is package-private in feed-core, and feed-core's own tests cannot depend on feed-testkit
 * (feed-testkit depends on feed-core), so the L1's run of the shared contract lives here, in
 * feed-core's package on the test class path.
 */

/** Runs the cache tier contract against the L1 (Caffeine). */
final class CaffeineTierContractTest extends CacheTierContract {

    @Override
    protected CacheTier newTier() {
        Ttl ttl = new Ttl(Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(5));
        return new CaffeineTier(64L << 20, ttl, Ticker.systemTicker());
    }
}
