package dev.feedkit.json;

import java.util.concurrent.atomic.AtomicReferenceArray;

/*
 * Why a pool: a page is assembled in a scratch buffer and handed to the host's stream in a few
 * large writes (an unbuffered socket stream would otherwise see four writes per item). Allocating
 * that buffer per request would be most of what a memoized write allocates. The pool is a fixed
 * array of slots claimed by compare-and-set: no lock, no thread-locals (which pin a buffer to
 * every virtual thread), and when every slot is empty a request simply allocates, so the pool
 * bounds retained memory to slots x bufferSize and never blocks.
 */

/** A small lock-free pool of equal-sized byte buffers. Thread-safe. */
final class BufferPool {
    private final AtomicReferenceArray<byte[]> slots;
    private final int bufferSize;

    BufferPool(int slots, int bufferSize) {
        this.slots = new AtomicReferenceArray<>(slots);
        this.bufferSize = bufferSize;
    }

    /** Returns a pooled buffer, or a new one when none is free. */
    byte[] acquire() {
        for (int i = 0; i < slots.length(); i++) {
            byte[] b = slots.get(i);
            if (b != null && slots.compareAndSet(i, b, null)) {
                return b;
            }
        }
        return new byte[bufferSize];
    }

    /** Gives {@code b} back; drops it when every slot is taken. */
    void release(byte[] b) {
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
