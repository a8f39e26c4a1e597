package dev.feedkit;

/**
 * The entities one page needs, or still misses: post ids, author ids, and the authors whose
 * relationship to the viewer is wanted. Passed to {@link CacheTier#getAll} and
 * {@link EntityStore#load}. Pooled scratch space: valid only during the call it is passed to.
 */
public final class EntityKeys {
    private long viewerId;
    private final LongSet posts;
    private final LongSet authors;
    private final LongSet relationships;

    /** Creates an empty key set (viewer 0); see {@link #reset(long)}. */
    public EntityKeys() {
        this(128, 128, 128);
    }

    /** Creates an empty key set sized for one load, which is not pooled: each set grows if needed. */
    EntityKeys(int posts, int authors, int relationships) {
        this.posts = new LongSet(posts);
        this.authors = new LongSet(authors);
        this.relationships = new LongSet(relationships);
    }

    /**
     * Returns a key set holding the given ids, for tests and tools.
     *
     * @param viewerId the viewer
     * @param postIds post ids
     * @param authorIds author ids; relationships are asked for the same authors
     * @return the keys
     */
    public static EntityKeys of(long viewerId, long[] postIds, long[] authorIds) {
        EntityKeys k = new EntityKeys();
        k.reset(viewerId);
        for (long id : postIds) {
            k.posts.add(id);
        }
        for (long id : authorIds) {
            k.authors.add(id);
            k.relationships.add(id);
        }
        return k;
    }

    /**
     * Empties the sets and sets the viewer.
     *
     * @param viewerId the viewer
     */
    public void reset(long viewerId) {
        this.viewerId = viewerId;
        posts.clear();
        authors.clear();
        relationships.clear();
    }

    /** @return the viewer whose relationships are wanted */
    public long viewerId() {
        return viewerId;
    }

    /** @return the post ids */
    public LongSet posts() {
        return posts;
    }

    /** @return the user ids of authors */
    public LongSet authors() {
        return authors;
    }

    /** @return the author ids whose relationship to the viewer is wanted */
    public LongSet relationships() {
        return relationships;
    }

    /** @return whether nothing is wanted */
    public boolean isEmpty() {
        return posts.isEmpty() && authors.isEmpty() && relationships.isEmpty();
    }

    /** @return the total number of keys */
    public int size() {
        return posts.size() + authors.size() + relationships.size();
    }

    @Override
    public String toString() {
        return "EntityKeys[viewer=" + viewerId + ", posts=" + posts + ", authors=" + authors
                + ", relationships=" + relationships + "]";
    }
}
