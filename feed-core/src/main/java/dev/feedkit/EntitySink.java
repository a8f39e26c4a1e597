package dev.feedkit;

/**
 * Receives entities from a {@link CacheTier} or an {@link EntityStore}. Implemented by feedkit;
 * SPI implementations only call it, from the thread that called them or, for asynchronous tiers,
 * before their call returns.
 */
public interface EntitySink {

    /**
     * Delivers a post (deleted posts included: the pipeline filters them).
     *
     * @param post the post
     */
    void post(Post post);

    /**
     * Delivers an author.
     *
     * @param author the author
     */
    void author(Author author);

    /**
     * Delivers the viewer's relationship to {@code authorId}. A store may leave out authors with
     * {@link Relationship#NONE}: an undelivered relationship means none.
     *
     * @param authorId the author
     * @param relationship the relationship
     */
    void relationship(long authorId, Relationship relationship);

    /**
     * Reports a post that is known not to exist (a negative-cache hit). Stores need not call it:
     * an undelivered post is absent.
     *
     * @param postId the post id
     */
    void absentPost(long postId);

    /**
     * Reports a user that is known not to exist (a negative-cache hit).
     *
     * @param userId the user id
     */
    void absentAuthor(long userId);
}
