package dev.feedkit;

import java.util.concurrent.ArrayBlockingQueue;

/*
 * Why a bounded pool rather than a ThreadLocal: pages are assembled on host threads (possibly
 * virtual threads, thousands of them), where a ThreadLocal would keep one scratch per thread
 * forever. A bounded queue keeps at most `size` scratch objects; under a burst the extra requests
 * allocate and the garbage collector takes the surplus back.
 */

/** A bounded pool of {@link Scratch} objects, cleared on release. Thread-safe. */
final class ScratchPool {
    private final ArrayBlockingQueue<Scratch> free;

    ScratchPool(int size) {
        this.free = new ArrayBlockingQueue<>(size);
    }

    Scratch acquire() {
        Scratch s = free.poll();
        return s != null ? s : new Scratch();
    }

    void release(Scratch s) {
        s.clear();
        free.offer(s);
    }
}
