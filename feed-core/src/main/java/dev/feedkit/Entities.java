package dev.feedkit;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Predicate;

/*
 * The working set. A batch is aligned with one EntityKeys: for each kind, slot i holds what is
 * known of key i - the entity, ABSENT (a post or user known not to exist), or null (nothing yet).
 * That alignment is what makes the L1 hit path cheap: CaffeineTier stores ABSENT itself and puts
 * each hit straight into its slot, where the old batch hashed every delivered id into a set of its
 * own. The loader's steps are per-kind loops over slots in one place here: what is still missing
 * (and where it sits, so that a tier's hits merge back by position), merging, keeping what was not
 * invalidated, and completing absences after a store call.
 *
 * Why no separate sink interface: Entities was its only real implementation, and the five-method
 * interface was the widest SPI type in core. Tiers and stores outside this package deliver by id
 * (post, author, relationship, absent), which finds the slot with a lookup in the keys; readers
 * walk the slots by index (valueAt, absentAt) or look an id up (findPost, ...).
 */

/**
 * What is known of the entities named by one {@link EntityKeys}: for each kind, slot {@code i}
 * holds the entity of key {@code i}, its known absence, or nothing yet. A {@link CacheTier} or an
 * {@link EntityStore} delivers into it by id; {@link CacheTier#putAll} reads it by index. Pooled
 * scratch space: valid only during the call it is passed to. Not thread-safe.
 */
public final class Entities {
    /** The slot value of a post or user known not to exist; L1 caches this same object. */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };
    private static final EntityKind[] KINDS = EntityKind.values();
    private static final EntityKeys NONE = EntityKeys.of(0, new long[0], new long[0]);

    private EntityKeys keys = NONE;
    private static final int[] NO_POSITIONS = {};

    private final int[] sizes = new int[KINDS.length];
    private final Object[][] slots;
    /** Where slot j of {@link #missingKeys} sits in this batch, per kind. */
    private final int[][] missingAt;
    private EntityKeys missingKeys;

    Entities() {
        slots = new Object[][] {new Object[128], new Object[128], new Object[128]};
        missingAt = new int[][] {new int[128], new int[128], new int[128]};
    }

    /**
     * Creates a batch for one store flight, which is not pooled: its slots are sized by the first
     * {@link #reset}, and what only pooled batches use (missing positions) starts empty.
     */
    static Entities unpooled() {
        return new Entities(new Object[][] {new Object[0], new Object[0], new Object[0]},
                new int[][] {NO_POSITIONS, NO_POSITIONS, NO_POSITIONS});
    }

    private Entities(Object[][] slots, int[][] missingAt) {
        this.slots = slots;
        this.missingAt = missingAt;
    }

    /**
     * Returns an empty batch aligned with {@code keys}, for tests and tools.
     *
     * @param keys the keys; must not change while the batch is in use
     * @return a batch that knows nothing yet
     */
    public static Entities of(EntityKeys keys) {
        Entities e = new Entities();
        e.reset(keys);
        return e;
    }

    /**
     * Forgets everything and aligns the batch with {@code keys}, so that one batch can be reused.
     *
     * @param keys the keys; must not change while the batch is in use
     */
    public void reset(EntityKeys keys) {
        clear();
        this.keys = Objects.requireNonNull(keys, "keys");
        for (EntityKind kind : KINDS) {
            int k = kind.ordinal();
            int n = keys.size(kind);
            sizes[k] = n;
            if (slots[k].length < n) {
                slots[k] = new Object[Math.max(n, slots[k].length * 2)];
            }
        }
    }

    /** Forgets everything, keeping the capacity. */
    void clear() {
        for (int k = 0; k < sizes.length; k++) {
            Arrays.fill(slots[k], 0, sizes[k], null);
            sizes[k] = 0;
        }
        keys = NONE;
        missingKeys = null;
    }

    /** @return the keys this batch is aligned with */
    public EntityKeys keys() {
        return keys;
    }

    // ---------------------------------------------------------------- delivery by id

    /**
     * Delivers a post (deleted posts included: the pipeline filters them). An id that is not
     * among the keys is ignored.
     *
     * @param post the post
     */
    public void post(Post post) {
        put(EntityKind.POST, post.id(), post);
    }

    /**
     * Delivers an author. An id that is not among the keys is ignored.
     *
     * @param author the author
     */
    public void author(Author author) {
        put(EntityKind.AUTHOR, author.id(), author);
    }

    /**
     * Delivers the viewer's relationship to {@code authorId}. A store may leave out authors with
     * {@link Relationship#NONE}: an undelivered relationship means none.
     *
     * @param authorId the author
     * @param relationship the relationship
     */
    public void relationship(long authorId, Relationship relationship) {
        put(EntityKind.RELATIONSHIP, authorId, Objects.requireNonNull(relationship, "relationship"));
    }

    /**
     * Reports a post or user known not to exist (a negative-cache hit). Stores need not call it:
     * what a store does not deliver is absent.
     *
     * @param kind {@link EntityKind#POST} or {@link EntityKind#AUTHOR}
     * @param id the post or user id
     * @throws IllegalArgumentException for {@link EntityKind#RELATIONSHIP}, which is never absent
     *     (deliver {@link Relationship#NONE})
     */
    public void absent(EntityKind kind, long id) {
        if (kind == EntityKind.RELATIONSHIP) {
            throw new IllegalArgumentException("a relationship is never absent; deliver Relationship.NONE for author "
                    + id);
        }
        put(kind, id, ABSENT);
    }

    private void put(EntityKind kind, long id, Object value) {
        int i = keys.indexOf(kind, id);
        if (i >= 0 && i < sizes[kind.ordinal()]) {
            slots[kind.ordinal()][i] = value;
        }
    }

    /** Puts {@code value} (an entity or {@link #ABSENT}) into slot {@code index} of {@code kind}: L1's delivery. */
    void set(EntityKind kind, int index, Object value) {
        slots[kind.ordinal()][index] = value;
    }

    // ---------------------------------------------------------------- reads

    /**
     * Returns the entity in slot {@code index} of {@code kind}: a {@link Post}, an {@link Author}
     * or a {@link Relationship}.
     *
     * @param kind the kind
     * @param index 0..keys().size(kind)-1
     * @return the entity, or {@code null} if it is absent or not known
     * @throws IndexOutOfBoundsException outside that range
     */
    public Object valueAt(EntityKind kind, int index) {
        Object v = slot(kind, index);
        return v == ABSENT ? null : v;
    }

    /**
     * Returns whether slot {@code index} of {@code kind} holds a known absence.
     *
     * @param kind the kind
     * @param index 0..keys().size(kind)-1
     * @return {@code true} if the post or user is known not to exist
     * @throws IndexOutOfBoundsException outside that range
     */
    public boolean absentAt(EntityKind kind, int index) {
        return slot(kind, index) == ABSENT;
    }

    /** Returns slot {@code index} of {@code kind} as stored: an entity, {@link #ABSENT} or null. */
    Object slot(EntityKind kind, int index) {
        Objects.checkIndex(index, sizes[kind.ordinal()]);
        return slots[kind.ordinal()][index];
    }

    /**
     * Returns the delivered post.
     *
     * @param postId the post id
     * @return the post, or {@code null} if absent or not known
     */
    public Post findPost(long postId) {
        return (Post) find(EntityKind.POST, postId);
    }

    /**
     * Returns the delivered author.
     *
     * @param userId the user id
     * @return the author, or {@code null} if absent or not known
     */
    public Author findAuthor(long userId) {
        return (Author) find(EntityKind.AUTHOR, userId);
    }

    /**
     * Returns the delivered relationship.
     *
     * @param authorId the author
     * @return the relationship, or {@code null} if not known
     */
    public Relationship findRelationship(long authorId) {
        return (Relationship) find(EntityKind.RELATIONSHIP, authorId);
    }

    /**
     * Returns whether the post or user {@code id} is known not to exist.
     *
     * @param kind the kind
     * @param id the id
     * @return {@code true} if its slot holds a known absence
     */
    public boolean isAbsent(EntityKind kind, long id) {
        return slotOf(kind, id) == ABSENT;
    }

    private Object find(EntityKind kind, long id) {
        Object v = slotOf(kind, id);
        return v == ABSENT ? null : v;
    }

    private Object slotOf(EntityKind kind, long id) {
        int i = keys.indexOf(kind, id);
        return i >= 0 && i < sizes[kind.ordinal()] ? slots[kind.ordinal()][i] : null;
    }

    /**
     * Returns how many slots of {@code kind} are known (an entity or an absence).
     *
     * @param kind the kind
     * @return the number of known slots
     */
    public int count(EntityKind kind) {
        int k = kind.ordinal();
        int n = 0;
        for (int i = 0; i < sizes[k]; i++) {
            if (slots[k][i] != null) {
                n++;
            }
        }
        return n;
    }

    /** @return how many slots of every kind are known */
    public int count() {
        int n = 0;
        for (EntityKind kind : KINDS) {
            n += count(kind);
        }
        return n;
    }

    /** @return whether no slot is known */
    public boolean isEmpty() {
        return count() == 0;
    }

    // ---------------------------------------------------------------- the loader's steps

    /**
     * Fills {@code into} with the keys whose slot is empty and remembers where each sits, so that
     * {@link #merge} of a batch aligned with {@code into} is positional.
     *
     * @return whether anything is missing
     */
    boolean missing(EntityKeys into) {
        into.reset(keys.viewerId());
        for (EntityKind kind : KINDS) {
            int k = kind.ordinal();
            if (missingAt[k].length < sizes[k]) {
                missingAt[k] = new int[Math.max(sizes[k], missingAt[k].length * 2)];
            }
            for (int i = 0; i < sizes[k]; i++) {
                if (slots[k][i] == null) {
                    missingAt[k][into.add(kind, keys.id(kind, i))] = i;
                }
            }
        }
        missingKeys = into;
        return !into.isEmpty();
    }

    /** Copies every known slot of {@code hits}, a batch aligned with the keys of the last {@link #missing} call. */
    void merge(Entities hits) {
        if (hits.keys != missingKeys) {
            throw new IllegalStateException("hits must be aligned with the keys of the last missing() call");
        }
        for (int k = 0; k < sizes.length; k++) {
            for (int j = 0; j < hits.sizes[k]; j++) {
                Object v = hits.slots[k][j];
                if (v != null) {
                    slots[k][missingAt[k][j]] = v;
                }
            }
        }
    }

    /** Copies the slot of key {@code (kind, id)} from {@code other}, a batch aligned with any keys. */
    void copy(Entities other, EntityKind kind, long id) {
        Object v = other.slotOf(kind, id);
        if (v != null) {
            put(kind, id, v);
        }
    }

    /** Copies every known slot of {@code other}, a batch aligned with any keys, by id. */
    void copyAll(Entities other) {
        for (EntityKind kind : KINDS) {
            for (int i = 0; i < other.sizes[kind.ordinal()]; i++) {
                Object v = other.slots[kind.ordinal()][i];
                if (v != null) {
                    put(kind, other.keys.id(kind, i), v);
                }
            }
        }
    }

    /** After a store call: a post or user it did not deliver does not exist, an undelivered relationship is none. */
    void completeAbsences() {
        for (EntityKind kind : KINDS) {
            Object none = kind == EntityKind.RELATIONSHIP ? Relationship.NONE : ABSENT;
            Object[] s = slots[kind.ordinal()];
            for (int i = 0; i < sizes[kind.ordinal()]; i++) {
                if (s[i] == null) {
                    s[i] = none;
                }
            }
        }
    }

    /** Returns a batch aligned with the same keys that keeps only the known slots whose key passes {@code fresh}. */
    Entities keepOnly(Predicate<CacheKey> fresh) {
        Entities kept = of(keys);
        for (EntityKind kind : KINDS) {
            int k = kind.ordinal();
            for (int i = 0; i < sizes[k]; i++) {
                if (slots[k][i] != null && fresh.test(keys.key(kind, i))) {
                    kept.slots[k][i] = slots[k][i];
                }
            }
        }
        return kept;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Entities[viewer=").append(keys.viewerId());
        for (EntityKind kind : KINDS) {
            b.append(", ").append(kind).append("={");
            for (int i = 0; i < sizes[kind.ordinal()]; i++) {
                b.append(i == 0 ? "" : ", ").append(keys.id(kind, i)).append('=').append(slots[kind.ordinal()][i]);
            }
            b.append('}');
        }
        return b.append(']').toString();
    }
}
