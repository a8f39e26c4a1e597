package dev.feedkit;

import java.util.Arrays;

/*
 * Why not a HashSet<Long>: a page touches ~100 ids and is assembled thousands of times a second.
 * Boxing every id and allocating a set per request is the allocation the Go write-up removed with
 * sync.Pool. This set keeps ids densely in insertion order (so index i is stable and a parallel
 * array can hold values) plus an open-addressing index; clear() keeps the capacity, so a pooled
 * set is reused without growing again.
 */

/**
 * A mutable set of {@code long} ids that remembers insertion order and never boxes. Index
 * {@code i} in {@code 0..size()-1} is stable until {@link #clear()}. Not thread-safe: it is scratch
 * space owned by one request at a time.
 */
final class LongSet {
    private static final long EMPTY = 0;

    private long[] dense;
    private int size;
    private long[] table;
    private int[] slots;
    private boolean hasZero;
    private int zeroIndex;

    /** Creates a set sized for a typical page. */
    public LongSet() {
        this(32);
    }

    /**
     * Creates a set that holds {@code expected} ids without growing.
     *
     * @param expected the expected number of ids
     */
    public LongSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        dense = new long[Math.max(4, expected)];
        table = new long[cap];
        slots = new int[cap];
    }

    /**
     * Returns a set holding {@code ids}.
     *
     * @param ids the ids
     * @return a new set
     */
    public static LongSet of(long... ids) {
        LongSet s = new LongSet(ids.length);
        for (long id : ids) {
            s.add(id);
        }
        return s;
    }

    /**
     * Adds {@code id} if absent.
     *
     * @param id the id
     * @return its index, old or new
     */
    public int add(long id) {
        if (id == EMPTY) {
            if (!hasZero) {
                hasZero = true;
                zeroIndex = append(id);
            }
            return zeroIndex;
        }
        int mask = table.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            long k = table[i];
            if (k == id) {
                return slots[i];
            }
            if (k == EMPTY) {
                int index = append(id);
                table[i] = id;
                slots[i] = index;
                if (size * 2 > table.length) {
                    rehash(table.length << 1);
                }
                return index;
            }
        }
    }

    /**
     * Returns the index of {@code id}, or -1.
     *
     * @param id the id
     * @return its index in insertion order, or -1 if absent
     */
    public int indexOf(long id) {
        if (id == EMPTY) {
            return hasZero ? zeroIndex : -1;
        }
        int mask = table.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            long k = table[i];
            if (k == id) {
                return slots[i];
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    /**
     * Returns whether {@code id} is present.
     *
     * @param id the id
     * @return {@code true} if present
     */
    public boolean contains(long id) {
        return indexOf(id) >= 0;
    }

    /**
     * Returns the id at {@code index}.
     *
     * @param index 0..size()-1
     * @return the id
     * @throws IndexOutOfBoundsException outside that range
     */
    public long get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " out of 0.." + (size - 1));
        }
        return dense[index];
    }

    /** @return the number of ids */
    public int size() {
        return size;
    }

    /** @return whether the set is empty */
    public boolean isEmpty() {
        return size == 0;
    }

    /** @return a new array of the ids in insertion order */
    public long[] toArray() {
        return Arrays.copyOf(dense, size);
    }

    /** Removes every id, keeping the capacity. */
    public void clear() {
        // A page's table is a few hundred slots: filling it is cheaper than probing id by id.
        Arrays.fill(table, EMPTY);
        size = 0;
        hasZero = false;
    }

    private int append(long id) {
        if (size == dense.length) {
            dense = Arrays.copyOf(dense, size * 2);
        }
        dense[size] = id;
        return size++;
    }

    private void rehash(int capacity) {
        table = new long[capacity];
        slots = new int[capacity];
        int mask = capacity - 1;
        for (int d = 0; d < size; d++) {
            long id = dense[d];
            if (id == EMPTY) {
                continue;
            }
            int i = mix(id) & mask;
            while (table[i] != EMPTY) {
                i = (i + 1) & mask;
            }
            table[i] = id;
            slots[i] = d;
        }
    }

    private static int mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
