package dev.feedkit;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-to-live policy per entity kind, with ±10 % jitter so that entries written together do not
 * expire together (and stampede the store together).
 */
final class Ttl {
    static final double JITTER = 0.10;

    private final long entityNanos;
    private final long relationshipNanos;
    private final long negativeNanos;

    Ttl(Duration entity, Duration relationship, Duration negative) {
        this.entityNanos = entity.toNanos();
        this.relationshipNanos = relationship.toNanos();
        this.negativeNanos = negative.toNanos();
    }

    long entityNanos(int multiplier) {
        return jittered(entityNanos, multiplier);
    }

    long relationshipNanos(int multiplier) {
        return jittered(relationshipNanos, multiplier);
    }

    /** Absence is never stretched by the pre-warm multiplier: a new post must show up soon. */
    long negativeNanos() {
        return jittered(negativeNanos, 1);
    }

    static long jittered(long baseNanos, int multiplier) {
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        double nanos = (double) baseNanos * multiplier * factor;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, (long) nanos);
    }
}
