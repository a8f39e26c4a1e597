package dev.feedkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Where host fields are checked: here, between the store and everything that keeps or writes an
 * entity (L1, L2, the JSON memo), so a value is checked once per load and never on a cache hit.
 * A rejected value is a per-entity rejection, not a failed page: the post or user is delivered
 * without its extra (as if the column were null), and a WARN names the entity, the reason and,
 * for a size, the bound and the setting. Failing the page would let one bad row take down every
 * feed that shows it; cutting the value would serve data the host never wrote. The stripped
 * entity is what gets cached, so the warning repeats once per load (per entity TTL), not per page.
 */

/** An {@link EntityStore} that checks the host fields of what its delegate delivers. Thread-safe. */
final class ExtraGuard implements EntityStore {
    private static final Logger LOG = LoggerFactory.getLogger(ExtraGuard.class);

    private final EntityStore store;
    private final int maxBytes;

    private ExtraGuard(EntityStore store, int maxBytes) {
        this.store = store;
        this.maxBytes = maxBytes;
    }

    /** @return {@code store} behind a check of host fields bounded by {@code maxBytes} */
    static EntityStore guard(EntityStore store, int maxBytes) {
        return new ExtraGuard(store, maxBytes);
    }

    @Override
    public void load(EntityKeys keys, Entities into, Deadline deadline) {
        store.load(keys, into, deadline);
        for (int i = 0; i < keys.size(EntityKind.POST); i++) {
            Object v = into.valueAt(EntityKind.POST, i);
            if (v instanceof Post && ((Post) v).extra() != null && !accepted("post", ((Post) v).id(), ((Post) v).extra())) {
                into.post(((Post) v).withoutExtra());
            }
        }
        for (int i = 0; i < keys.size(EntityKind.AUTHOR); i++) {
            Object v = into.valueAt(EntityKind.AUTHOR, i);
            if (v instanceof Author && ((Author) v).extra() != null
                    && !accepted("user", ((Author) v).id(), ((Author) v).extra())) {
                into.author(((Author) v).withoutExtra());
            }
        }
    }

    private boolean accepted(String kind, long id, String extra) {
        try {
            ExtraJson.check(extra, maxBytes);
            return true;
        } catch (IllegalArgumentException e) {
            LOG.warn("{} {} is served without its extra: {}", kind, id, e.getMessage());
            return false;
        }
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
