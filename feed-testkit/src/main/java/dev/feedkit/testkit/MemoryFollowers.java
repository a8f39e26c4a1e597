package dev.feedkit.testkit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/*
 * Why a reverse index: MemoryAccount keeps whom each user follows, but fan-out asks the other way
 * round (who follows this author), and scanning every account per batch would make a fan-out cost
 * the size of the user base. Each author's followers are one sorted, immutable array that the
 * store's writer replaces under its lock, so readers take no lock, as with MemoryAccount.
 */

/** Who follows each user: sorted follower ids per followee. Reads are lock-free; writes are serialized by the store. */
final class MemoryFollowers {
    private static final long[] NONE = new long[0];

    private final ConcurrentHashMap<Long, long[]> byFollowee = new ConcurrentHashMap<>();

    /** Records that {@code follower} follows {@code followee}; the caller holds the store's write lock. */
    void add(long followee, long follower) {
        byFollowee.put(followee, MemoryAccount.add(of(followee), follower));
    }

    /** Records that {@code follower} no longer follows {@code followee}; the caller holds the write lock. */
    void remove(long followee, long follower) {
        byFollowee.put(followee, MemoryAccount.remove(of(followee), follower));
    }

    /** Replaces the index with the follows of a data set (edges from follower to followee). */
    void load(DemoData.EdgeColumns follows) {
        Map<Long, long[]> grouped = new HashMap<>();
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < follows.size(); i++) {
            counts.merge(follows.to(i), 1, Integer::sum);
        }
        Map<Long, Integer> filled = new HashMap<>();
        for (int i = 0; i < follows.size(); i++) {
            long followee = follows.to(i);
            long[] ids = grouped.computeIfAbsent(followee, k -> new long[counts.get(k)]);
            ids[filled.merge(followee, 1, Integer::sum) - 1] = follows.from(i);
        }
        grouped.values().forEach(Arrays::sort);
        byFollowee.clear();
        byFollowee.putAll(grouped);
    }

    /** @return how many ids after {@code afterId} were copied into {@code out} */
    int page(long followee, long afterId, long[] out) {
        long[] ids = of(followee);
        int at = Arrays.binarySearch(ids, afterId);
        int from = at >= 0 ? at + 1 : -at - 1;
        int n = Math.min(out.length, ids.length - from);
        System.arraycopy(ids, from, out, 0, n);
        return n;
    }

    int count(long followee) {
        return of(followee).length;
    }

    private long[] of(long followee) {
        return byFollowee.getOrDefault(followee, NONE);
    }
}
