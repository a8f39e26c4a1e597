package dev.feedkit;

/**
 * The viewer's relationship to one author. There are thirty-two values, all shared constants, so a
 * relationship never costs an allocation.
 *
 * <p>A block in either direction, or a mute by the viewer, hides the author's posts from the
 * viewer ({@link #hides()}). A mute is one-way and silent: the viewer may still follow the muted
 * author, and the author's view of the viewer does not change.
 */
public final class Relationship {
    private static final Relationship[] ALL = new Relationship[32];

    static {
        for (int i = 0; i < 32; i++) {
            ALL[i] = new Relationship(i);
        }
    }

    /** No follow, no block in either direction, no mute. */
    public static final Relationship NONE = ALL[0];

    private static final int FOLLOWING = 1;
    private static final int FOLLOWED_BY = 2;
    private static final int BLOCKING = 4;
    private static final int BLOCKED_BY = 8;
    private static final int MUTING = 16;

    private final int bits;

    private Relationship(int bits) {
        this.bits = bits;
    }

    /**
     * Returns the shared instance for these flags.
     *
     * @param following the viewer follows the author
     * @param followedBy the author follows the viewer
     * @param blocking the viewer blocked the author
     * @param blockedBy the author blocked the viewer
     * @return the relationship
     */
    public static Relationship of(boolean following, boolean followedBy, boolean blocking, boolean blockedBy) {
        return of(following, followedBy, blocking, blockedBy, false);
    }

    /**
     * Returns the shared instance for these flags, a mute included.
     *
     * @param following the viewer follows the author
     * @param followedBy the author follows the viewer
     * @param blocking the viewer blocked the author
     * @param blockedBy the author blocked the viewer
     * @param muting the viewer muted the author
     * @return the relationship
     */
    public static Relationship of(boolean following, boolean followedBy, boolean blocking, boolean blockedBy,
            boolean muting) {
        return ALL[(following ? FOLLOWING : 0) | (followedBy ? FOLLOWED_BY : 0)
                | (blocking ? BLOCKING : 0) | (blockedBy ? BLOCKED_BY : 0) | (muting ? MUTING : 0)];
    }

    /**
     * Returns the relationship for a compact bit form, as produced by {@link #bits()}.
     *
     * Bits 0..15 mean the same as before mutes existed (bit 16 is the mute), so a value stored by
     * an older version reads back unchanged.
     *
     * @param bits 0..31
     * @return the relationship
     * @throws IllegalArgumentException outside 0..31
     */
    public static Relationship ofBits(int bits) {
        if (bits < 0 || bits > 31) {
            throw new IllegalArgumentException("relationship bits must be between 0 and 31, was " + bits);
        }
        return ALL[bits];
    }

    /** @return a compact form, 0..31, for caches that store bytes */
    public int bits() {
        return bits;
    }

    /** @return whether the viewer follows the author */
    public boolean following() {
        return (bits & FOLLOWING) != 0;
    }

    /** @return whether the author follows the viewer */
    public boolean followedBy() {
        return (bits & FOLLOWED_BY) != 0;
    }

    /** @return whether the viewer blocked the author */
    public boolean blocking() {
        return (bits & BLOCKING) != 0;
    }

    /** @return whether the author blocked the viewer */
    public boolean blockedBy() {
        return (bits & BLOCKED_BY) != 0;
    }

    /** @return whether the viewer muted the author (it may still follow them) */
    public boolean muting() {
        return (bits & MUTING) != 0;
    }

    /** @return whether a block in either direction or the viewer's mute hides the author's posts */
    public boolean hides() {
        return (bits & (BLOCKING | BLOCKED_BY | MUTING)) != 0;
    }

    @Override
    public String toString() {
        return "Relationship[following=" + following() + ", followedBy=" + followedBy()
                + ", blocking=" + blocking() + ", blockedBy=" + blockedBy() + ", muting=" + muting() + "]";
    }
}
