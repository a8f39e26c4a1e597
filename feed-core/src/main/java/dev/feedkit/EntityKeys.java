package dev.feedkit;

/*
 * Why per-kind methods and no set type in the API: the pipeline, the L1 and every adapter walk the
 * keys kind by kind (`for (EntityKind kind : ...) for (int i = 0; i < keys.size(kind); i++)`), and
 * an Entities batch is aligned with them by index, so a tier can answer key i of a kind in slot i
 * without hashing the id again. The ids live in package-private LongSets (insertion order,
 * distinct, no boxing); adapters see only ids and indices.
 */

/**
 * The entities one page needs, or still misses: for each {@link EntityKind} a list of distinct ids
 * (post ids, author ids, and the authors whose relationship to the viewer is wanted), each at a
 * stable index. Passed to {@link CacheTier#getAll} and {@link EntityStore#load} together with an
 * {@link Entities} batch aligned with it. Pooled scratch space: valid only during the call it is
 * passed to. Not thread-safe.
 */
public final class EntityKeys {
    private static final EntityKind[] KINDS = EntityKind.values();

    private long viewerId;
    private final LongSet[] ids;

    EntityKeys() {
        this(128, 128, 128);
    }

    /** Creates keys sized for one store flight, which is not pooled; each kind still grows if needed. */
    EntityKeys(int posts, int authors, int relationships) {
        ids = new LongSet[] {new LongSet(posts), new LongSet(authors), new LongSet(relationships)};
    }

    /**
     * Returns keys holding the given ids, for tests and tools.
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
            k.add(EntityKind.POST, id);
        }
        for (long id : authorIds) {
            k.add(EntityKind.AUTHOR, id);
            k.add(EntityKind.RELATIONSHIP, id);
        }
        return k;
    }

    /** Empties every kind and sets the viewer. */
    void reset(long viewerId) {
        this.viewerId = viewerId;
        for (LongSet set : ids) {
            set.clear();
        }
    }

    /** Adds {@code id} to {@code kind} if absent; returns its index, old or new. */
    int add(EntityKind kind, long id) {
        return ids[kind.ordinal()].add(id);
    }

    /** @return the viewer whose relationships are wanted */
    public long viewerId() {
        return viewerId;
    }

    /**
     * Returns the number of keys of one kind.
     *
     * @param kind the kind
     * @return how many ids of that kind are wanted
     */
    public int size(EntityKind kind) {
        return ids[kind.ordinal()].size();
    }

    /**
     * Returns the id at {@code index} of one kind: a post id, a user id, or for
     * {@link EntityKind#RELATIONSHIP} the author id.
     *
     * @param kind the kind
     * @param index 0..size(kind)-1
     * @return the id
     * @throws IndexOutOfBoundsException outside that range
     */
    public long id(EntityKind kind, int index) {
        return ids[kind.ordinal()].get(index);
    }

    /**
     * Returns the index of {@code id} among the keys of one kind, for a store that maps its rows
     * back to the keys.
     *
     * @param kind the kind
     * @param id the id
     * @return its index, or -1 if it is not wanted
     */
    public int indexOf(EntityKind kind, long id) {
        return ids[kind.ordinal()].indexOf(id);
    }

    /**
     * Returns the ids of one kind in index order.
     *
     * @param kind the kind
     * @return a new array
     */
    public long[] toArray(EntityKind kind) {
        return ids[kind.ordinal()].toArray();
    }

    /** Returns the cache key of the id at {@code index} of {@code kind}. */
    CacheKey key(EntityKind kind, int index) {
        long id = id(kind, index);
        return kind == EntityKind.RELATIONSHIP ? CacheKey.relationship(viewerId, id) : new CacheKey(kind, id, 0);
    }

    /** @return whether nothing is wanted */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** @return the number of keys of every kind */
    public int size() {
        int n = 0;
        for (LongSet set : ids) {
            n += set.size();
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("EntityKeys[viewer=").append(viewerId);
        for (EntityKind kind : KINDS) {
            b.append(", ").append(kind).append('=').append(ids[kind.ordinal()]);
        }
        return b.append(']').toString();
    }
}
