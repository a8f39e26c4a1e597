package dev.feedkit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A post with its media and tags, as the store holds it. Immutable; equality is by value.
 * Timestamps carry microsecond precision, as PostgreSQL's {@code timestamptz} does.
 */
public final class Post extends Rendered {
    private final long id;
    private final long authorId;
    private final String body;
    private final Instant createdAt;
    private final Instant deletedAt;
    private final int likeCount;
    private final int replyCount;
    private final List<Media> media;
    private final List<String> tags;
    private final String extra;

    /**
     * Creates a post.
     *
     * @param id the post id
     * @param authorId the author's user id
     * @param body the text, any Unicode (hostile text included)
     * @param createdAt when it was created, microsecond precision
     * @param deletedAt when it was soft-deleted, or {@code null}
     * @param likeCount likes
     * @param replyCount replies
     * @param media attachments in position order, copied
     * @param tags tags in a stable order, copied
     */
    public Post(long id, long authorId, String body, Instant createdAt, Instant deletedAt,
            int likeCount, int replyCount, List<Media> media, List<String> tags) {
        this(id, authorId, body, createdAt, deletedAt, likeCount, replyCount, media, tags, null);
    }

    /**
     * Creates a post with host fields.
     *
     * @param id the post id
     * @param authorId the author's user id
     * @param body the text, any Unicode (hostile text included)
     * @param createdAt when it was created, microsecond precision
     * @param deletedAt when it was soft-deleted, or {@code null}
     * @param likeCount likes
     * @param replyCount replies
     * @param media attachments in position order, copied
     * @param tags tags in a stable order, copied
     * @param extra the host's fields as the text of one JSON object, or {@code null}; checked by
     *     the assembler when a store delivers the post (see {@link ExtraJson})
     */
    public Post(long id, long authorId, String body, Instant createdAt, Instant deletedAt,
            int likeCount, int replyCount, List<Media> media, List<String> tags, String extra) {
        this.id = id;
        this.authorId = authorId;
        this.body = Objects.requireNonNull(body, "body");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.deletedAt = deletedAt;
        this.likeCount = likeCount;
        this.replyCount = replyCount;
        this.media = List.copyOf(media);
        this.tags = List.copyOf(tags);
        this.extra = extra;
    }

    /** @return the post id */
    public long id() {
        return id;
    }

    /** @return the author's user id */
    public long authorId() {
        return authorId;
    }

    /** @return the text */
    public String body() {
        return body;
    }

    /** @return the creation time */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return the creation time in microseconds since the epoch, the keyset's first half */
    public long createdAtMicros() {
        return Keyset.micros(createdAt);
    }

    /** @return when it was soft-deleted, or {@code null} */
    public Instant deletedAt() {
        return deletedAt;
    }

    /** @return whether the post is soft-deleted */
    public boolean deleted() {
        return deletedAt != null;
    }

    /** @return likes */
    public int likeCount() {
        return likeCount;
    }

    /** @return replies */
    public int replyCount() {
        return replyCount;
    }

    /** @return the attachments in position order */
    public List<Media> media() {
        return media;
    }

    /** @return the tags */
    public List<String> tags() {
        return tags;
    }

    /**
     * Returns the host's fields: the text of one JSON object, written as the item's
     * {@code "extra"} (docs/CONTRACT.md, Host fields).
     *
     * @return the JSON text, or {@code null} when the post has none
     */
    public String extra() {
        return extra;
    }

    /** @return this post without its host fields, for a value the assembler rejects */
    Post withoutExtra() {
        return new Post(id, authorId, body, createdAt, deletedAt, likeCount, replyCount, media, tags, null);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Post)) {
            return false;
        }
        Post p = (Post) o;
        return p.id == id && p.authorId == authorId && p.likeCount == likeCount && p.replyCount == replyCount
                && p.body.equals(body) && p.createdAt.equals(createdAt) && Objects.equals(p.deletedAt, deletedAt)
                && p.media.equals(media) && p.tags.equals(tags) && Objects.equals(p.extra, extra);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "Post[id=" + id + ", authorId=" + authorId + ", createdAt=" + createdAt + "]";
    }
}
