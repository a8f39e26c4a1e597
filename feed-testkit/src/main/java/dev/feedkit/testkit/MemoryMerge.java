package dev.feedkit.testkit;

import dev.feedkit.Candidates;
import dev.feedkit.Keyset;

/*
 * Why a heap of cursors: a page is ~20 posts out of the viewer's and its followees' timelines,
 * which may hold millions together. Each timeline is already sorted, so a binary search finds
 * where the page starts in each, and a k-way merge takes the newest head max times:
 * O(k log n + max log k) per page, with no scan and no sort.
 */

/** Merges authors' timelines into one feed page, newest first, after a keyset. */
final class MemoryMerge {
    private final MemoryTimeline[] lines;
    private final long[] authors;
    private final int[] pos;
    private final int[] heap;
    private int size;

    private MemoryMerge(MemoryTimeline[] lines, long[] authors, int count) {
        this.lines = lines;
        this.authors = authors;
        this.pos = new int[count];
        this.heap = new int[count];
    }

    /**
     * Appends up to {@code max} posts from the timelines to {@code out}, newest first, strictly
     * after {@code after}.
     *
     * @param lines the timelines, the first {@code count} used
     * @param authors the author of each timeline
     * @param count how many timelines
     * @param after the keyset position
     * @param max the most posts to append
     * @param out the buffer
     */
    static void merge(MemoryTimeline[] lines, long[] authors, int count, Keyset after, int max, Candidates out) {
        MemoryMerge m = new MemoryMerge(lines, authors, count);
        for (int i = 0; i < count; i++) {
            m.pos[i] = lines[i].firstAfter(after);
            if (m.pos[i] < lines[i].size()) {
                m.push(i);
            }
        }
        for (int taken = 0; taken < max && m.size > 0; taken++) {
            m.takeTop(out);
        }
    }

    private void takeTop(Candidates out) {
        int i = heap[0];
        MemoryTimeline t = lines[i];
        out.add(t.id(pos[i]), authors[i], t.micros(pos[i]));
        pos[i]++;
        if (pos[i] == t.size()) {
            heap[0] = heap[--size];
        }
        siftDown(0);
    }

    private void push(int line) {
        int k = size++;
        heap[k] = line;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!newer(heap[k], heap[parent])) {
                break;
            }
            swap(k, parent);
            k = parent;
        }
    }

    private void siftDown(int k) {
        while (true) {
            int left = 2 * k + 1;
            if (left >= size) {
                return;
            }
            int child = left + 1 < size && newer(heap[left + 1], heap[left]) ? left + 1 : left;
            if (!newer(heap[child], heap[k])) {
                return;
            }
            swap(k, child);
            k = child;
        }
    }

    /** @return whether the head of line {@code a} comes before the head of line {@code b} */
    private boolean newer(int a, int b) {
        MemoryTimeline x = lines[a];
        MemoryTimeline y = lines[b];
        return MemoryTimeline.compareNewestFirst(x.micros(pos[a]), x.id(pos[a]), y.micros(pos[b]), y.id(pos[b])) < 0;
    }

    private void swap(int i, int j) {
        int t = heap[i];
        heap[i] = heap[j];
        heap[j] = t;
    }
}
