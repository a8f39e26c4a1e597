package dev.feedkit.json;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/*
 * Why a pool: a page is assembled in a scratch buffer and handed to the host's stream in a few
 * large writes (an unbuffered socket stream would otherwise see four writes per item), and the
 * first write of an entity renders it in a second scratch buffer. Allocating those per request
 * would be most of what a write allocates. The pool is a fixed array of slots claimed by
 * compare-and-set: no lock, no thread-locals (which pin a buffer to every virtual thread), and
 * when every slot is empty a request simply makes a new one, so the pool bounds retained memory
 * to slots x one buffer's size and never blocks.
 */

/** A small lock-free pool of reusable buffers. Thread-safe. */
final class BufferPool<B> {
    private final AtomicReferenceArray<B> slots;
    private final Supplier<B> factory;

    BufferPool(int slots, Supplier<B> factory) {
        this.slots = new AtomicReferenceArray<>(slots);
        this.factory = factory;
    }

    /** Returns a pooled buffer, or a new one when none is free. */
    B acquire() {
        for (int i = 0; i < slots.length(); i++) {
            B b = slots.get(i);
            if (b != null && slots.compareAndSet(i, b, null)) {
                return b;
            }
        }
        return factory.get();
    }

    /** Gives {@code b} back; drops it when every slot is taken. */
    void release(B b) {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, b)) {
                return;
            }
        }
    }

    /** @return how many buffers are waiting in the pool, for tests */
    int idle() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            n += slots.get(i) == null ? 0 : 1;
        }
        return n;
    }
}
