package dev.feedkit;

import java.util.Objects;

/**
 * One entry of a page: a post, its author, and the viewer's relationship to that author.
 *
 * @param post the post
 * @param author its author
 * @param viewer the viewer's relationship to the author
 */
public record FeedItem(Post post, Author author, Relationship viewer) {

    /**
     * Checks that no part is missing.
     *
     * @throws NullPointerException if any component is null
     */
    public FeedItem {
        Objects.requireNonNull(post, "post");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(viewer, "viewer");
    }
}
