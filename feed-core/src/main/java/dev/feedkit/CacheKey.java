package dev.feedkit;

import java.util.Objects;

/**
 * The identity of one cached entity, as used for invalidation and by cache tiers that store
 * entries by key.
 *
 * @param kind the entity kind
 * @param id the post id, the user id, or for a relationship the author id
 * @param viewerId for a relationship the viewer id, otherwise 0
 */
public record CacheKey(EntityKind kind, long id, long viewerId) {

    /**
     * Checks the kind.
     *
     * @throws NullPointerException if {@code kind} is null
     */
    public CacheKey {
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * Returns the key of a post.
     *
     * @param postId the post id
     * @return the key
     */
    public static CacheKey post(long postId) {
        return new CacheKey(EntityKind.POST, postId, 0);
    }

    /**
     * Returns the key of a user.
     *
     * @param userId the user id
     * @return the key
     */
    public static CacheKey author(long userId) {
        return new CacheKey(EntityKind.AUTHOR, userId, 0);
    }

    /**
     * Returns the key of {@code viewerId}'s relationship to {@code authorId}.
     *
     * @param viewerId the viewer
     * @param authorId the author
     * @return the key
     */
    public static CacheKey relationship(long viewerId, long authorId) {
        return new CacheKey(EntityKind.RELATIONSHIP, authorId, viewerId);
    }
}
