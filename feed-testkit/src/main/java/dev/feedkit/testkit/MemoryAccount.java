package dev.feedkit.testkit;

import dev.feedkit.Author;

import java.util.Arrays;

/**
 * One user of the in-memory store with its outgoing edges and its timeline: an immutable
 * snapshot that writers replace whole, so readers need no lock. Edge arrays are sorted ascending.
 */
final class MemoryAccount {
    private static final long[] NO_IDS = new long[0];

    final Author author;
    final long[] following;
    final long[] blocking;
    final long[] muting;
    final MemoryTimeline timeline;

    MemoryAccount(Author author, long[] following, long[] blocking, long[] muting, MemoryTimeline timeline) {
        this.author = author;
        this.following = following;
        this.blocking = blocking;
        this.muting = muting;
        this.timeline = timeline;
    }

    static MemoryAccount of(Author author) {
        return new MemoryAccount(author, NO_IDS, NO_IDS, NO_IDS, MemoryTimeline.EMPTY);
    }

    long id() {
        return author.id();
    }

    boolean follows(long userId) {
        return Arrays.binarySearch(following, userId) >= 0;
    }

    boolean blocks(long userId) {
        return Arrays.binarySearch(blocking, userId) >= 0;
    }

    boolean mutes(long userId) {
        return Arrays.binarySearch(muting, userId) >= 0;
    }

    /** @return whether a block in either direction hides one's posts from the other */
    boolean blockedEitherWay(MemoryAccount other) {
        return blocks(other.id()) || other.blocks(id());
    }

    /** @return whether a block in either direction, or this user's mute, hides {@code other}'s posts */
    boolean hides(MemoryAccount other) {
        return blockedEitherWay(other) || mutes(other.id());
    }

    MemoryAccount withAuthor(Author a) {
        return new MemoryAccount(a, following, blocking, muting, timeline);
    }

    MemoryAccount withFollowing(long[] ids) {
        return new MemoryAccount(author, ids, blocking, muting, timeline);
    }

    MemoryAccount withBlocking(long[] ids) {
        return new MemoryAccount(author, following, ids, muting, timeline);
    }

    MemoryAccount withMuting(long[] ids) {
        return new MemoryAccount(author, following, blocking, ids, timeline);
    }

    MemoryAccount withTimeline(MemoryTimeline t) {
        return new MemoryAccount(author, following, blocking, muting, t);
    }

    /** @return a sorted copy of {@code ids} with {@code id}, or {@code ids} itself if present */
    static long[] add(long[] ids, long id) {
        int at = Arrays.binarySearch(ids, id);
        if (at >= 0) {
            return ids;
        }
        at = -at - 1;
        long[] b = new long[ids.length + 1];
        System.arraycopy(ids, 0, b, 0, at);
        b[at] = id;
        System.arraycopy(ids, at, b, at + 1, ids.length - at);
        return b;
    }

    /** @return a copy of {@code ids} without {@code id}, or {@code ids} itself if absent */
    static long[] remove(long[] ids, long id) {
        int at = Arrays.binarySearch(ids, id);
        if (at < 0) {
            return ids;
        }
        long[] b = new long[ids.length - 1];
        System.arraycopy(ids, 0, b, 0, at);
        System.arraycopy(ids, at + 1, b, at, ids.length - at - 1);
        return b;
    }
}
