package dev.feedkit;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Why a per-process key rather than a fixed default: a key in the source is public, and anyone can
 * forge a valid cursor for any viewer, position or seed with it. A random key is secret, and for an
 * assembler that shares nothing with other processes it is enough: every cursor it issues comes
 * back to this process. It is one key per process, not per assembler, so that assemblers rebuilt
 * in one process accept each other's cursors. Its cost, cursors that stop working on restart, is
 * what the warning says; with a shared tier FeedAssembler.Builder.build() refuses to use it.
 */

/** The random cursor key of an assembler built without {@code cursorKey}: one per process, with one warning. */
final class ProcessCursorKey {
    private static final Logger LOG = LoggerFactory.getLogger(FeedAssembler.class);
    private static final AtomicInteger WARNINGS = new AtomicInteger();

    private ProcessCursorKey() {
    }

    /** Generated on first use, so that a process that always sets a key never warns. */
    private static final class Holder {
        static final byte[] KEY = generate();

        private static byte[] generate() {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return key;
        }
    }

    /** Returns this process's key, warning the first time. Never handed out of the package. */
    static byte[] get() {
        if (WARNINGS.get() == 0 && WARNINGS.compareAndSet(0, 1)) {
            LOG.warn("no cursorKey set: cursors are signed with a random key generated for this process, so they stop"
                    + " working when it restarts and are refused by other instances; set"
                    + " FeedAssembler.Builder.cursorKey(..) to the same secret on every instance");
        }
        return Holder.KEY;
    }

    /** @return how many times the warning was logged in this process: 0 or 1 */
    static int warnings() {
        return WARNINGS.get();
    }
}
