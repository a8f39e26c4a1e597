package dev.feedkit.testkit;

import dev.feedkit.Keyset;

import java.util.Arrays;

/**
 * Builds the columns of a {@link DemoData} from one random stream, in a fixed order: users,
 * follows, blocks, posts, mutes (last, so that adding them left every earlier column as it was).
 * Used once, by {@link DemoData.Builder#build()}.
 */
final class DemoGenerator {
    static final long NOT_DELETED = Long.MIN_VALUE;

    private static final long SECOND = 1_000_000L;
    private static final long DAY = 86_400L * SECOND;
    private static final long BASE_MICROS = Keyset.micros(DemoData.BASE);
    private static final long POST_SPAN = 60 * DAY;
    private static final long FIRST_USER_ID = 1_000;
    private static final long FIRST_POST_ID = 3_000_000_000L;
    private static final double ZIPF_EXPONENT = 1.05;
    private static final int POPULAR_FOLLOWS_OF_SAMPLE = 3;

    final long seed;
    final int sampleViewer;
    long[] userIds;
    DemoData.User[] users;
    int[] followFrom;
    int[] followTo;
    long[] followMicros;
    int[] blockFrom;
    int[] blockTo;
    long[] blockMicros;
    int[] muteFrom;
    int[] muteTo;
    long[] muteMicros;
    long[] postIds;
    int[] postAuthors;
    long[] postMicros;
    long[] deletedMicros;
    int[] likes;
    int[] replies;

    private final DemoRandom rnd;
    private long[] userMicros;
    private int[] byRank;
    private int[] rankOf;
    private double[] zipf;
    private int[] followStart;
    private long[] blockKeys;

    DemoGenerator(int userCount, int postCount, int meanFollows, long seed) {
        this.seed = seed;
        this.rnd = new DemoRandom(DemoRandom.mix(seed ^ 0x6A09E667F3BCC909L));
        this.sampleViewer = userCount / 2;
        users(userCount);
        follows(meanFollows);
        blocks();
        posts(postCount);
        ensureDeletedInView();
        mutes();
    }

    // ---------------------------------------------------------------- users

    private void users(int n) {
        userIds = new long[n];
        userMicros = new long[n];
        users = new DemoData.User[n];
        long id = FIRST_USER_ID;
        for (int i = 0; i < n; i++) {
            userIds[i] = id;
            id += 1 + rnd.nextInt(3);
        }
        ranks(n);
        int verifiedRanks = Math.max(1, n / 100);
        for (int i = 0; i < n; i++) {
            userMicros[i] = BASE_MICROS - POST_SPAN - rnd.nextLong(3 * 365 * DAY);
            String avatar = rnd.percent(85) ? "https://cdn.example/a/" + userIds[i] + ".jpg" : null;
            boolean verified = rankOf[i] < verifiedRanks || rnd.percent(2);
            users[i] = new DemoData.User(userIds[i], DemoText.username(userIds[i], rnd), DemoText.displayName(rnd),
                    avatar, verified, Keyset.instant(userMicros[i]), DemoText.userExtra(seed, userIds[i]));
        }
    }

    /** Shuffles users into a popularity order and prepares Zipf sampling over it. */
    private void ranks(int n) {
        byRank = new int[n];
        rankOf = new int[n];
        for (int i = 0; i < n; i++) {
            byRank[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = byRank[i];
            byRank[i] = byRank[j];
            byRank[j] = t;
        }
        zipf = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            rankOf[byRank[r]] = r;
            sum += 1 / StrictMath.pow(r + 1, ZIPF_EXPONENT);
            zipf[r] = sum;
        }
    }

    private int zipfUser() {
        double u = rnd.nextDouble() * zipf[zipf.length - 1];
        int i = Arrays.binarySearch(zipf, u);
        int rank = i >= 0 ? i + 1 : -i - 1;
        return byRank[Math.min(rank, zipf.length - 1)];
    }

    // ---------------------------------------------------------------- follows

    private void follows(int mean) {
        int n = userIds.length;
        Ints from = new Ints(n * (long) mean);
        Ints to = new Ints(n * (long) mean);
        followStart = new int[n + 1];
        int[] mark = new int[n];
        int[] picks = new int[n];
        for (int u = 0; u < n; u++) {
            followStart[u] = from.size;
            int got = pickFollowees(u, followCount(u, mean, n), picks, mark);
            Arrays.sort(picks, 0, got);
            for (int j = 0; j < got; j++) {
                from.add(u);
                to.add(picks[j]);
            }
        }
        followStart[n] = from.size;
        followFrom = from.trim();
        followTo = to.trim();
        followMicros = edgeTimes(followFrom, followTo);
    }

    private int followCount(int u, int mean, int n) {
        if (mean == 0) {
            return 0;
        }
        if (u == sampleViewer) {
            return Math.min(n - 1, Math.max(2 * mean, 10));
        }
        if (rnd.percent(5)) {
            return 0;
        }
        double exponential = -StrictMath.log(1 - rnd.nextDouble()) * mean * 20 / 19;
        return (int) Math.min(n - 1, Math.round(exponential));
    }

    /** Picks {@code k} distinct followees of {@code u}, 70 % by popularity; gives up on rare repeats. */
    private int pickFollowees(int u, int k, int[] picks, int[] mark) {
        int got = 0;
        if (u == sampleViewer) {
            for (int r = 0; r < POPULAR_FOLLOWS_OF_SAMPLE && got < k && r < byRank.length; r++) {
                got = pick(u, byRank[r], picks, mark, got);
            }
        }
        for (int tries = 0; got < k && tries < 4 * k + 8; tries++) {
            int v = rnd.percent(70) ? zipfUser() : rnd.nextInt(userIds.length);
            got = pick(u, v, picks, mark, got);
        }
        return got;
    }

    private static int pick(int u, int v, int[] picks, int[] mark, int got) {
        if (v == u || mark[v] == u + 1) {
            return got;
        }
        mark[v] = u + 1;
        picks[got] = v;
        return got + 1;
    }

    private boolean follows(int a, int b) {
        return Arrays.binarySearch(followTo, followStart[a], followStart[a + 1], b) >= 0;
    }

    private long[] edgeTimes(int[] from, int[] to) {
        long[] micros = new long[from.length];
        for (int i = 0; i < from.length; i++) {
            long after = Math.max(userMicros[from[i]], userMicros[to[i]]);
            micros[i] = after + 1 + rnd.nextLong(BASE_MICROS - after);
        }
        return micros;
    }

    // ---------------------------------------------------------------- blocks

    private void blocks() {
        int n = userIds.length;
        Longs keys = new Longs(n / 10 + 16);
        for (int u = 0; u < n; u++) {
            if (rnd.percent(4)) {
                for (int c = 1 + rnd.nextInt(2); c > 0; c--) {
                    randomBlock(keys, u, rnd.nextInt(3));
                }
            }
        }
        sampleBlocks(keys);
        blockKeys = keys.sortedDistinct();
        blockFrom = new int[blockKeys.length];
        blockTo = new int[blockKeys.length];
        for (int i = 0; i < blockKeys.length; i++) {
            blockFrom[i] = (int) (blockKeys[i] / n);
            blockTo[i] = (int) (blockKeys[i] % n);
        }
        blockMicros = edgeTimes(blockFrom, blockTo);
    }

    /** Type 0: u blocks someone u follows; 1: someone u follows blocks u; 2: u blocks a random user. */
    private void randomBlock(Longs keys, int u, int type) {
        int first = followStart[u];
        int count = followStart[u + 1] - first;
        if (type == 0 && count > 0) {
            keys.add(key(u, followTo[first + rnd.nextInt(count)]));
        } else if (type == 1 && count > 0) {
            keys.add(key(followTo[first + rnd.nextInt(count)], u));
        } else {
            int v = rnd.nextInt(userIds.length);
            if (v != u) {
                keys.add(key(u, v));
            }
        }
    }

    /** The sample viewer blocks a followee and a follower, is blocked by another followee, and by and of strangers. */
    private void sampleBlocks(Longs keys) {
        int s = sampleViewer;
        int[] unpopular = unpopularFollowees(s, 2);
        if (unpopular[0] >= 0) {
            keys.add(key(s, unpopular[0]));
        }
        if (unpopular[1] >= 0) {
            keys.add(key(unpopular[1], s));
        }
        int follower = anyFollowerOf(s);
        if (follower >= 0) {
            keys.add(key(s, follower));
        }
        int stranger = stranger(s);
        if (stranger >= 0) {
            keys.add(key(s, stranger));
        }
        stranger = stranger(s);
        if (stranger >= 0) {
            keys.add(key(stranger, s));
        }
    }

    private int[] unpopularFollowees(int s, int want) {
        int[] found = new int[want];
        Arrays.fill(found, -1);
        int got = 0;
        for (int i = followStart[s + 1] - 1; i >= followStart[s] && got < want; i--) {
            if (rankOf[followTo[i]] >= POPULAR_FOLLOWS_OF_SAMPLE) {
                found[got++] = followTo[i];
            }
        }
        return found;
    }

    private int anyFollowerOf(int s) {
        for (int i = 0; i < followTo.length; i++) {
            if (followTo[i] == s) {
                return followFrom[i];
            }
        }
        return -1;
    }

    private int stranger(int s) {
        for (int tries = 0; tries < 64; tries++) {
            int v = rnd.nextInt(userIds.length);
            if (v != s && !follows(s, v) && !follows(v, s)) {
                return v;
            }
        }
        return -1;
    }

    private long key(int from, int to) {
        return from * (long) userIds.length + to;
    }

    private boolean blocks(int a, int b) {
        return Arrays.binarySearch(blockKeys, key(a, b)) >= 0;
    }

    // ---------------------------------------------------------------- mutes

    /** About 3 % of users mute one or two users they follow, one in five of them also a stranger. */
    private void mutes() {
        int n = userIds.length;
        Longs keys = new Longs(n / 20 + 16);
        for (int u = 0; u < n; u++) {
            int first = followStart[u];
            int count = followStart[u + 1] - first;
            if (count > 0 && rnd.percent(3)) {
                for (int c = 1 + rnd.nextInt(2); c > 0; c--) {
                    keys.add(key(u, followTo[first + rnd.nextInt(count)]));
                }
                int v = rnd.nextInt(n);
                if (v != u && rnd.percent(20)) {
                    keys.add(key(u, v));
                }
            }
        }
        sampleMute(keys);
        long[] sorted = keys.sortedDistinct();
        muteFrom = new int[sorted.length];
        muteTo = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            muteFrom[i] = (int) (sorted[i] / n);
            muteTo[i] = (int) (sorted[i] % n);
        }
        muteMicros = edgeTimes(muteFrom, muteTo);
    }

    /** The sample viewer mutes an unpopular followee it has not blocked, and so still follows. */
    private void sampleMute(Longs keys) {
        int s = sampleViewer;
        for (int i = followStart[s]; i < followStart[s + 1]; i++) {
            int f = followTo[i];
            if (rankOf[f] >= POPULAR_FOLLOWS_OF_SAMPLE && !blocks(s, f) && !blocks(f, s)) {
                keys.add(key(s, f));
                return;
            }
        }
    }

    // ---------------------------------------------------------------- posts

    private void posts(int count) {
        postIds = new long[count];
        postAuthors = new int[count];
        postMicros = new long[count];
        deletedMicros = new long[count];
        likes = new int[count];
        replies = new int[count];
        long id = FIRST_POST_ID;
        long start = BASE_MICROS - POST_SPAN;
        long step = POST_SPAN / Math.max(1, count);
        for (int i = 0; i < count; i++) {
            postIds[i] = id;
            id += 1 + rnd.nextInt(4);
            postAuthors[i] = rnd.percent(45) ? zipfUser() : rnd.nextInt(userIds.length);
            postMicros[i] = i > 0 && rnd.percent(3) ? postMicros[i - 1] : postTime(start + i * step);
            deletedMicros[i] = rnd.percent(4)
                    ? Math.min(BASE_MICROS, postMicros[i] + 1 + rnd.nextLong(7 * DAY)) : NOT_DELETED;
            likes[i] = (int) StrictMath.pow(2, rnd.nextDouble() * 17) - 1;
            replies[i] = rnd.nextInt(likes[i] / 4 + 1);
        }
    }

    /** A time near {@code nominal}, jittered by up to 30 s either way; one in ten whole seconds, one in ten whole ms. */
    private long postTime(long nominal) {
        long t = nominal + rnd.nextLong(60 * SECOND) - 30 * SECOND;
        int grain = rnd.nextInt(10);
        if (grain == 0) {
            t -= Math.floorMod(t, SECOND);
        } else if (grain == 1) {
            t -= Math.floorMod(t, 1_000L);
        }
        return Math.min(t, BASE_MICROS);
    }

    /** Makes sure the sample viewer's followees, if they posted, have a deleted post in its view. */
    private void ensureDeletedInView() {
        int s = sampleViewer;
        boolean[] visible = new boolean[userIds.length];
        visible[s] = true;
        for (int i = followStart[s]; i < followStart[s + 1]; i++) {
            int f = followTo[i];
            visible[f] = !blocks(s, f) && !blocks(f, s);
        }
        int newest = -1;
        for (int i = 0; i < postIds.length; i++) {
            if (visible[postAuthors[i]] && postAuthors[i] != s) {
                if (deletedMicros[i] != NOT_DELETED) {
                    return;
                }
                newest = i;
            }
        }
        if (newest >= 0) {
            deletedMicros[newest] = Math.min(BASE_MICROS, postMicros[newest] + SECOND);
        }
    }

    // ---------------------------------------------------------------- growable columns

    private static final class Ints {
        int[] a;
        int size;

        Ints(long expected) {
            a = new int[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, expected))];
        }

        void add(int v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, Math.max(16, size + (size >> 1)));
            }
            a[size++] = v;
        }

        int[] trim() {
            return Arrays.copyOf(a, size);
        }
    }

    private static final class Longs {
        long[] a;
        int size;

        Longs(int expected) {
            a = new long[Math.max(16, expected)];
        }

        void add(long v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size + (size >> 1));
            }
            a[size++] = v;
        }

        long[] sortedDistinct() {
            long[] s = Arrays.copyOf(a, size);
            Arrays.sort(s);
            int w = 0;
            for (int r = 0; r < s.length; r++) {
                if (w == 0 || s[r] != s[w - 1]) {
                    s[w++] = s[r];
                }
            }
            return Arrays.copyOf(s, w);
        }
    }
}
