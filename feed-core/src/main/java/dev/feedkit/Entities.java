package dev.feedkit;

import java.util.Arrays;

/**
 * A batch of loaded entities for one viewer: what a tier or the store delivered, and what
 * {@link CacheTier#putAll} is asked to keep. Values are indexed densely in delivery order, so
 * tiers iterate without allocating. Pooled scratch space: valid only during the call it is
 * passed to. Not thread-safe.
 */
public final class Entities implements EntitySink {
    private long viewerId;
    private final LongSet postIds;
    private Post[] posts;
    private final LongSet authorIds;
    private Author[] authors;
    private final LongSet relationshipIds;
    private Relationship[] relationships;
    private final LongSet absentPosts;
    private final LongSet absentAuthors;

    /** Creates an empty batch (viewer 0); see {@link #reset(long)}. */
    public Entities() {
        this(128, 128, 128, 16);
    }

    /** Creates an empty batch sized for one load, which is not pooled: each set grows if needed. */
    Entities(int posts, int authors, int relationships, int absent) {
        this.postIds = new LongSet(posts);
        this.posts = new Post[Math.max(4, posts)];
        this.authorIds = new LongSet(authors);
        this.authors = new Author[Math.max(4, authors)];
        this.relationshipIds = new LongSet(relationships);
        this.relationships = new Relationship[Math.max(4, relationships)];
        this.absentPosts = new LongSet(absent);
        this.absentAuthors = new LongSet(absent);
    }

    /**
     * Empties the batch and sets the viewer.
     *
     * @param viewerId the viewer whose relationships the batch holds
     */
    public void reset(long viewerId) {
        this.viewerId = viewerId;
        Arrays.fill(posts, 0, postIds.size(), null);
        Arrays.fill(authors, 0, authorIds.size(), null);
        Arrays.fill(relationships, 0, relationshipIds.size(), null);
        postIds.clear();
        authorIds.clear();
        relationshipIds.clear();
        absentPosts.clear();
        absentAuthors.clear();
    }

    /** @return the viewer whose relationships this batch holds */
    public long viewerId() {
        return viewerId;
    }

    // ---------------------------------------------------------------- sink

    @Override
    public void post(Post post) {
        int i = postIds.add(post.id());
        posts = ensure(posts, i);
        posts[i] = post;
    }

    @Override
    public void author(Author author) {
        int i = authorIds.add(author.id());
        authors = ensure(authors, i);
        authors[i] = author;
    }

    @Override
    public void relationship(long authorId, Relationship relationship) {
        int i = relationshipIds.add(authorId);
        relationships = ensure(relationships, i);
        relationships[i] = java.util.Objects.requireNonNull(relationship, "relationship");
    }

    @Override
    public void absentPost(long postId) {
        absentPosts.add(postId);
    }

    @Override
    public void absentAuthor(long userId) {
        absentAuthors.add(userId);
    }

    // ---------------------------------------------------------------- lookups

    /**
     * Returns the delivered post.
     *
     * @param postId the post id
     * @return the post, or {@code null} if not delivered
     */
    public Post findPost(long postId) {
        int i = postIds.indexOf(postId);
        return i < 0 ? null : posts[i];
    }

    /**
     * Returns the delivered author.
     *
     * @param userId the user id
     * @return the author, or {@code null} if not delivered
     */
    public Author findAuthor(long userId) {
        int i = authorIds.indexOf(userId);
        return i < 0 ? null : authors[i];
    }

    /**
     * Returns the delivered relationship.
     *
     * @param authorId the author
     * @return the relationship, or {@code null} if not delivered
     */
    public Relationship findRelationship(long authorId) {
        int i = relationshipIds.indexOf(authorId);
        return i < 0 ? null : relationships[i];
    }

    // ---------------------------------------------------------------- iteration

    /** @return the number of posts */
    public int postCount() {
        return postIds.size();
    }

    /**
     * Returns a post by delivery index.
     *
     * @param index 0..postCount()-1
     * @return the post
     */
    public Post postAt(int index) {
        postIds.get(index);
        return posts[index];
    }

    /** @return the number of authors */
    public int authorCount() {
        return authorIds.size();
    }

    /**
     * Returns an author by delivery index.
     *
     * @param index 0..authorCount()-1
     * @return the author
     */
    public Author authorAt(int index) {
        authorIds.get(index);
        return authors[index];
    }

    /** @return the number of relationships */
    public int relationshipCount() {
        return relationshipIds.size();
    }

    /**
     * Returns the author id of a relationship by delivery index.
     *
     * @param index 0..relationshipCount()-1
     * @return the author id
     */
    public long relationshipAuthorAt(int index) {
        return relationshipIds.get(index);
    }

    /**
     * Returns a relationship by delivery index.
     *
     * @param index 0..relationshipCount()-1
     * @return the relationship
     */
    public Relationship relationshipAt(int index) {
        relationshipIds.get(index);
        return relationships[index];
    }

    /** @return post ids known to be absent */
    public LongSet absentPosts() {
        return absentPosts;
    }

    /** @return user ids known to be absent */
    public LongSet absentAuthors() {
        return absentAuthors;
    }

    /** @return whether the batch holds nothing */
    public boolean isEmpty() {
        return postIds.isEmpty() && authorIds.isEmpty() && relationshipIds.isEmpty()
                && absentPosts.isEmpty() && absentAuthors.isEmpty();
    }

    private static <T> T[] ensure(T[] array, int index) {
        return index < array.length ? array : Arrays.copyOf(array, Math.max(index + 1, array.length * 2));
    }

    @Override
    public String toString() {
        return "Entities[viewer=" + viewerId + ", posts=" + postIds + ", authors=" + authorIds
                + ", relationships=" + relationshipIds + ", absentPosts=" + absentPosts
                + ", absentAuthors=" + absentAuthors + "]";
    }
}
