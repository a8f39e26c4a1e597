package dev.feedkit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/*
 * Ranked walks. A first page reads the window: the newest `window` candidates (plus one, to know
 * whether the feed goes on), scores each once, and orders them: by score, then newest first, with
 * each slot, at the exploration share, taken by a seeded-random pick among the candidates not yet
 * placed. The cursor pins the window - its anchor (newest candidate), its floor (oldest), its size
 * - with the seed and the position in the ranked order, so later pages page through the same
 * order, exactly once each, however many posts arrive meanwhile; they appear on the next fresh
 * first page. Past the window the walk continues chronologically from the floor.
 *
 * The order is kept in process (bounded by weight, 10 minutes after last use), so a later page
 * costs one cache read and the entities of its slice. A walk whose order is not here (another
 * instance, evicted) re-reads the window with one keyset query bounded by the anchor and the floor
 * and ranks it again: the same candidates, scores and seed give the same order. Two things can make
 * that re-ranked order differ from the first: scorer inputs that changed in between (affinity,
 * engagement counts), and posts back-dated into the window or deleted from it; the README says so.
 */

/** Pages through ranked windows. Thread-safe. */
final class RankedStep {
    /** Estimated bytes of a kept order beyond its candidates: key, array header, cache node. */
    private static final int ENTRY_OVERHEAD = 128;

    private final Scorer scorer;
    private final AffinitySource affinities;
    private final int window;
    private final double exploration;
    private final Cache<WindowKey, long[]> orders;

    /** A window of one viewer's walk. */
    private record WindowKey(long viewerId, long anchorMicros, long anchorPostId, long seed, int size) {
    }

    RankedStep(Scorer scorer, AffinitySource affinities, int window, double exploration, long maximumBytes,
            Ticker ticker) {
        this.scorer = scorer;
        this.affinities = affinities;
        this.window = window;
        this.exploration = exploration;
        this.orders = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).ticker(ticker)
                .maximumWeight(maximumBytes).weigher((WindowKey k, long[] v) -> ENTRY_OVERHEAD + 8 * v.length).build();
    }

    /**
     * Appends the page's items from the window, starting at the cursor's position (or reading and
     * ranking a new window when {@code at} is not ranked: a first page).
     *
     * @return the cursor of the walk after this page, its window position advanced; null when the feed is empty
     */
    CursorCodec.Cursor fill(Assembly a, CursorCodec.Cursor at) {
        CursorCodec.Window w = at.window();
        Keyset floor = at.keyset();
        Candidates order = a.s.ranked;
        if (w == null) {
            a.fetch(Keyset.START, window + 1);
            Candidates c = a.s.candidates;
            int n = Math.min(window, c.size());
            if (n == 0) {
                return null;
            }
            w = new CursorCodec.Window(keysetAt(c, 0), 0, n, c.size() > n);
            floor = keysetAt(c, n - 1);
            rank(a, c, n, w.anchor(), order);
            orders.put(key(a, w), pack(order));
        } else if (w.done()) {
            return at;
        } else {
            long[] kept = orders.getIfPresent(key(a, w));
            if (kept != null) {
                unpack(kept, order);
            } else {
                reread(a, w, floor, order);
            }
        }
        int position = serve(a, order, w.position());
        if (position >= order.size()) {
            position = w.size(); // a window re-read shorter than it was (posts deleted since) is done at its end
        }
        return new CursorCodec.Cursor(floor, a.seed,
                new CursorCodec.Window(w.anchor(), position, w.size(), w.more()));
    }

    /** Appends items from {@code order} at {@code position} while the page has room and rounds; returns the new position. */
    private static int serve(Assembly a, Candidates order, int position) {
        while (position < order.size() && !a.full() && a.startRound()) {
            int to = Math.min(order.size(), position + a.limit);
            try {
                a.load(order, position, to);
            } catch (FeedUnavailableException e) {
                if (!a.extraRound()) {
                    throw e;
                }
                return position;
            }
            position = a.fill(order, position, to);
        }
        return position;
    }

    /** Re-reads the window of a walk whose order is not kept here, and ranks it again. */
    private void reread(Assembly a, CursorCodec.Window w, Keyset floor, Candidates order) {
        a.fetch(above(w.anchor()), w.size());
        Candidates c = a.s.candidates;
        int n = 0;
        while (n < c.size() && !floor.precedes(c.createdAtMicros(n), c.postId(n))) {
            n++;
        }
        rank(a, c, n, w.anchor(), order);
        orders.put(key(a, w), pack(order));
    }

    /** Scores the first {@code n} candidates of {@code c} and appends them to {@code out} in ranked order. */
    private void rank(Assembly a, Candidates c, int n, Keyset anchor, Candidates out) {
        out.clear();
        if (n == 0) {
            return;
        }
        a.loadPosts(c, n);
        long t0 = a.ticker().read();
        long[] authors = distinctAuthors(c, n);
        double[] affinity = new double[authors.length];
        affinities.affinities(a.viewer, authors, affinity);
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            Post p = a.s.found.findPost(c.postId(i));
            long author = c.authorId(i);
            double aff = affinity[Arrays.binarySearch(authors, author)];
            double x = scorer.score(new Scorer.Features(a.viewer, c.postId(i), author,
                    Math.max(0, anchor.createdAtMicros() - c.createdAtMicros(i)), aff,
                    p == null ? 0 : p.likeCount(), p == null ? 0 : p.replyCount(), a.seed));
            score[i] = Double.isNaN(x) ? Double.NEGATIVE_INFINITY : x;
        }
        for (int i : order(score, new SplittableRandom(mix(a.seed, a.viewer, anchor)), exploration)) {
            out.add(c.postId(i), c.authorId(i), c.createdAtMicros(i));
        }
        a.filterNanos += a.ticker().read() - t0;
    }

    /**
     * The ranked order of candidates with these scores (candidates newest first): by score
     * descending, ties newest first; each slot, with probability {@code exploration}, instead takes
     * a uniformly random candidate among those not yet placed.
     */
    static int[] order(double[] score, SplittableRandom random, double exploration) {
        int n = score.length;
        List<Integer> byScore = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byScore.add(i);
        }
        byScore.sort((x, y) -> x.equals(y) ? 0
                : score[x] != score[y] ? Double.compare(score[y], score[x]) : Integer.compare(x, y));
        int[] out = new int[n];
        for (int slot = 0; slot < n; slot++) {
            boolean explore = random.nextDouble() < exploration;
            out[slot] = byScore.remove(explore ? random.nextInt(byScore.size()) : 0);
        }
        return out;
    }

    /** The seed of a window's exploration draws: the walk's seed, the viewer and the anchor, mixed. */
    private static long mix(long seed, long viewer, Keyset anchor) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h = (h ^ viewer) * 0xBF58476D1CE4E5B9L;
        h = (h ^ anchor.createdAtMicros()) * 0x94D049BB133111EBL;
        return h ^ anchor.postId();
    }

    private static long[] distinctAuthors(Candidates c, int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = c.authorId(i);
        }
        Arrays.sort(a);
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (k == 0 || a[i] != a[k - 1]) {
                a[k++] = a[i];
            }
        }
        return Arrays.copyOf(a, k);
    }

    /** The position just before {@code k}: a keyset read after it starts with {@code k} itself. */
    static Keyset above(Keyset k) {
        return k.postId() < Long.MAX_VALUE ? new Keyset(k.createdAtMicros(), k.postId() + 1)
                : new Keyset(k.createdAtMicros() + 1, Long.MIN_VALUE);
    }

    private static WindowKey key(Assembly a, CursorCodec.Window w) {
        return new WindowKey(a.viewer, w.anchor().createdAtMicros(), w.anchor().postId(), a.seed, w.size());
    }

    private static Keyset keysetAt(Candidates c, int i) {
        return new Keyset(c.createdAtMicros(i), c.postId(i));
    }

    private static long[] pack(Candidates c) {
        long[] page = new long[c.size() * 3];
        for (int i = 0; i < c.size(); i++) {
            page[3 * i] = c.postId(i);
            page[3 * i + 1] = c.authorId(i);
            page[3 * i + 2] = c.createdAtMicros(i);
        }
        return page;
    }

    private static void unpack(long[] page, Candidates out) {
        out.clear();
        for (int i = 0; i < page.length; i += 3) {
            out.add(page[i], page[i + 1], page[i + 2]);
        }
    }
}
