package dev.feedkit;

import java.util.List;

/** Turns candidates into items, dropping what may not be shown. */
final class PageFilter {
    private PageFilter() {
    }

    /**
     * Appends an item per candidate whose post exists and is not deleted, whose author exists,
     * and whom no relationship hides from the viewer ({@link Relationship#hides()}: a block or a mute),
     * until {@code out} holds
     * {@code maxItems} items.
     *
     * @return how many candidates, from the first, were examined: the next page starts after the
     *     last of them
     */
    static int fill(Candidates candidates, int from, int to, Entities found, List<FeedItem> out, int maxItems) {
        int n = Math.min(to, candidates.size());
        int i = from;
        while (i < n && out.size() < maxItems) {
            FeedItem item = visible(candidates.postId(i), found);
            if (item != null) {
                out.add(item);
            }
            i++;
        }
        return i;
    }

    /** The item of a post, or null if the post may not be shown. */
    static FeedItem visible(long postId, Entities found) {
        Post post = found.findPost(postId);
        if (post == null || post.deleted()) {
            return null;
        }
        Author author = found.findAuthor(post.authorId());
        if (author == null) {
            return null;
        }
        Relationship rel = found.findRelationship(post.authorId());
        if (rel == null) {
            rel = Relationship.NONE;
        }
        return rel.hides() ? null : new FeedItem(post, author, rel);
    }

    /** Collects the distinct keys of the first {@code limit} candidates. */
    static void collectKeys(Candidates candidates, int limit, EntityKeys keys) {
        collectKeys(candidates, 0, limit, keys);
    }

    /** Collects the distinct keys of candidates {@code from} (inclusive) to {@code to} (exclusive). */
    static void collectKeys(Candidates candidates, int from, int to, EntityKeys keys) {
        int n = Math.min(to, candidates.size());
        for (int i = from; i < n; i++) {
            keys.add(EntityKind.POST, candidates.postId(i));
            long author = candidates.authorId(i);
            keys.add(EntityKind.AUTHOR, author);
            keys.add(EntityKind.RELATIONSHIP, author);
        }
    }
}
