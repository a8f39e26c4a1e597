package dev.feedkit;

/** The kinds of cached entity. */
public enum EntityKind {
    /** A {@link Post} with its media and tags, keyed by post id. */
    POST,
    /** An {@link Author}, keyed by user id. */
    AUTHOR,
    /** A {@link Relationship}, keyed by viewer id and author id. */
    RELATIONSHIP
}
