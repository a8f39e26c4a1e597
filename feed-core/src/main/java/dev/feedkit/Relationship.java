package dev.feedkit;

/**
 * The viewer's relationship to one author. There are sixteen values, all shared constants, so a
 * relationship never costs an allocation.
 */
public final class Relationship {
    private static final Relationship[] ALL = new Relationship[16];

    static {
        for (int i = 0; i < 16; i++) {
            ALL[i] = new Relationship(i);
        }
    }

    /** No follow and no block in either direction. */
    public static final Relationship NONE = ALL[0];

    private static final int FOLLOWING = 1;
    private static final int FOLLOWED_BY = 2;
    private static final int BLOCKING = 4;
    private static final int BLOCKED_BY = 8;

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
        return ALL[(following ? FOLLOWING : 0) | (followedBy ? FOLLOWED_BY : 0)
                | (blocking ? BLOCKING : 0) | (blockedBy ? BLOCKED_BY : 0)];
    }

    /**
     * Returns the relationship for a compact bit form, as produced by {@link #bits()}.
     *
     * @param bits 0..15
     * @return the relationship
     * @throws IllegalArgumentException outside 0..15
     */
    public static Relationship ofBits(int bits) {
        if (bits < 0 || bits > 15) {
            throw new IllegalArgumentException("relationship bits must be between 0 and 15, was " + bits);
        }
        return ALL[bits];
    }

    /** @return a compact form, 0..15, for caches that store bytes */
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

    /** @return whether a block in either direction hides the author's posts */
    public boolean hides() {
        return (bits & (BLOCKING | BLOCKED_BY)) != 0;
    }

    @Override
    public String toString() {
        return "Relationship[following=" + following() + ", followedBy=" + followedBy()
                + ", blocking=" + blocking() + ", blockedBy=" + blockedBy() + "]";
    }
}
