package dev.feedkit;

import java.util.List;
import java.util.Objects;

/**
 * One page of a viewer's feed.
 *
 * <p>A page holds the requested limit unless the feed ended: when posts were deleted or authors
 * blocked after the source read its candidates, the assembler fetches more, in at most
 * {@code FeedAssembler.Builder.maxExtraRounds} further rounds; only when those run out (or one
 * fails) is a page short. {@link #nextPage()} continues exactly after the last candidate examined.
 */
public final class FeedPage {
    private final List<FeedItem> items;
    private final String nextPage;
    private final long seed;

    /**
     * Creates a page.
     *
     * @param items the items in display order, copied
     * @param nextPage the cursor of the next page, or {@code null} on the last page
     * @param seed the ranking seed, echoed on every page of a walk
     */
    public FeedPage(List<FeedItem> items, String nextPage, long seed) {
        this.items = List.copyOf(items);
        this.nextPage = nextPage;
        this.seed = seed;
    }

    /** @return the items in display order */
    public List<FeedItem> items() {
        return items;
    }

    /** @return the opaque cursor of the next page, or {@code null} on the last page */
    public String nextPage() {
        return nextPage;
    }

    /** @return whether another page follows */
    public boolean hasNextPage() {
        return nextPage != null;
    }

    /** @return the ranking seed */
    public long seed() {
        return seed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeedPage && ((FeedPage) o).items.equals(items)
                && Objects.equals(((FeedPage) o).nextPage, nextPage) && ((FeedPage) o).seed == seed;
    }

    @Override
    public int hashCode() {
        return items.hashCode() * 31 + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "FeedPage[" + items.size() + " items, nextPage=" + nextPage + ", seed=" + seed + "]";
    }
}
