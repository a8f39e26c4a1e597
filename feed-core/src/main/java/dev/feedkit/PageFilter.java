package dev.feedkit;

import java.util.List;

/** Turns the first {@code limit} candidates into items, dropping what may not be shown. */
final class PageFilter {
    private PageFilter() {
    }

    /**
     * Appends an item per candidate whose post exists and is not deleted, whose author exists,
     * and whom no block or mute hides from the viewer.
     */
    static void filter(Candidates candidates, int limit, Entities found, List<FeedItem> out) {
        int n = Math.min(limit, candidates.size());
        for (int i = 0; i < n; i++) {
            Post post = found.findPost(candidates.postId(i));
            if (post == null || post.deleted()) {
                continue;
            }
            Author author = found.findAuthor(post.authorId());
            if (author == null) {
                continue;
            }
            Relationship rel = found.findRelationship(post.authorId());
            if (rel == null) {
                rel = Relationship.NONE;
            }
            if (rel.hides()) {
                continue;
            }
            out.add(new FeedItem(post, author, rel));
        }
    }

    /** Collects the distinct keys of the first {@code limit} candidates. */
    static void collectKeys(Candidates candidates, int limit, EntityKeys keys) {
        int n = Math.min(limit, candidates.size());
        for (int i = 0; i < n; i++) {
            keys.add(EntityKind.POST, candidates.postId(i));
            long author = candidates.authorId(i);
            keys.add(EntityKind.AUTHOR, author);
            keys.add(EntityKind.RELATIONSHIP, author);
        }
    }
}
