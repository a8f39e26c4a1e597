package dev.feedkit.testkit;

import dev.feedkit.Author;
import dev.feedkit.Keyset;
import dev.feedkit.Post;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/*
 * Why columns and views: feed-jdbc COPYs a million posts into PostgreSQL and benchmarks build
 * several data sets, so the generator keeps every post, follow and block as a row of primitive
 * arrays (about 40 bytes a post) and the lists below are views that build the record of row i
 * when asked. A post's text, media and tags are not stored at all: they are a pure function of
 * (seed, post id), recomputed on each get(i). Streaming the data costs one Post at a time.
 *
 * Determinism: one SplitMix64 stream (its algorithm is fixed here, not the JDK's), StrictMath
 * for the few doubles, no hash iteration order, and a fixed base instant instead of the clock.
 */

/**
 * A deterministic, seeded demo data set: users, follows, blocks, mutes and posts (with media and tags),
 * shaped like a real social graph. The same builder settings always yield equal data.
 *
 * <pre>{@code
 * DemoData data = DemoData.newBuilder().users(2_000).posts(40_000).meanFollows(40).seed(7).build();
 * long viewer = data.sampleViewer();
 * }</pre>
 *
 * <p>What the data holds, so that tests can rely on it:
 * <ul>
 *   <li>user ids start at 1000, post ids at 3,000,000,000, both ascending with gaps (so ids
 *       beside or between real ids are unknown);</li>
 *   <li>followers are Zipf-skewed: a few users are followed by most, most by few; about one in
 *       twenty users follows nobody;</li>
 *   <li>blocks in both directions relative to follows (a user blocks someone they follow, or
 *       someone who follows them) and between strangers;</li>
 *   <li>mutes, mostly of users the muter follows (about 3 % of users mute one or two);</li>
 *   <li>posts span 60 days before {@link #BASE}, timestamps at microsecond precision (some whole
 *       seconds or milliseconds), about 3 % sharing their {@code created_at} with another post;
 *       about 4 % soft-deleted; 0-4 media at positions 0..n-1; 0-5 distinct tags in ascending
 *       order;</li>
 *   <li>about 20 % of post bodies and 3 % of display names hold hostile text: quotes,
 *       backslashes, control characters including U+0000, U+2028/U+2029, emoji, lone high and
 *       lone low surrogates, markup that would run if parsed as HTML ({@code </script>},
 *       {@code <img src=x onerror=...>}), and a few very long texts; about 3 % of posts carry a
 *       hostile tag (markup, quotes, U+2028).</li>
 *   <li>about 15 % of posts and 10 % of users carry host fields ({@code extra}): JSON objects
 *       (nested objects and arrays, numbers, null, an empty object) whose strings hold quotes,
 *       backslashes, {@code </script>}, U+2028/U+2029, emoji and escaped controls, written exactly
 *       as PostgreSQL's {@code jsonb} prints them, so they read back unchanged.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class DemoData {

    /** The fixed instant the data is generated back from; nothing is later than it. */
    public static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");

    /**
     * A user, as the {@code users} table holds it.
     *
     * @param id the user id, positive
     * @param username unique handle, ASCII
     * @param displayName the name shown, sometimes hostile text
     * @param avatarUrl the avatar, or {@code null}
     * @param verified whether the account is verified
     * @param createdAt when the account was created, microsecond precision
     * @param extra the host fields, the text of a JSON object ({@code users.extra}), or {@code null}
     */
    public record User(long id, String username, String displayName, String avatarUrl, boolean verified,
            Instant createdAt, String extra) {

        /**
         * Creates a user without host fields.
         *
         * @param id the user id, positive
         * @param username unique handle, ASCII
         * @param displayName the name shown
         * @param avatarUrl the avatar, or {@code null}
         * @param verified whether the account is verified
         * @param createdAt when the account was created
         */
        public User(long id, String username, String displayName, String avatarUrl, boolean verified,
                Instant createdAt) {
            this(id, username, displayName, avatarUrl, verified, createdAt, null);
        }

        /**
         * Checks the required fields.
         *
         * @throws NullPointerException if {@code username}, {@code displayName} or {@code createdAt} is null
         */
        public User {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(createdAt, "createdAt");
        }

        /**
         * Returns this user as shown beside a post.
         *
         * @return the author
         */
        public Author toAuthor() {
            return new Author(id, username, displayName, avatarUrl, verified, extra);
        }
    }

    /**
     * A follow or a block: {@code from} follows (or blocks) {@code to}.
     *
     * @param from the follower or blocker
     * @param to the followee or blocked user
     * @param createdAt when the edge was created, microsecond precision
     */
    public record Edge(long from, long to, Instant createdAt) {

        /**
         * Checks the time.
         *
         * @throws NullPointerException if {@code createdAt} is null
         */
        public Edge {
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    private final long seed;
    private final long sampleViewer;
    private final long[] userIds;
    private final List<User> users;
    private final Edges follows;
    private final Edges blocks;
    private final Edges mutes;
    private final long[] postIds;
    private final int[] postAuthors;
    private final long[] postMicros;
    private final long[] deletedMicros;
    private final int[] likes;
    private final int[] replies;
    private final List<Post> posts;

    DemoData(DemoGenerator g) {
        this.seed = g.seed;
        this.userIds = g.userIds;
        this.users = List.of(g.users);
        this.sampleViewer = userIds[g.sampleViewer];
        this.follows = new Edges(userIds, g.followFrom, g.followTo, g.followMicros);
        this.blocks = new Edges(userIds, g.blockFrom, g.blockTo, g.blockMicros);
        this.mutes = new Edges(userIds, g.muteFrom, g.muteTo, g.muteMicros);
        this.postIds = g.postIds;
        this.postAuthors = g.postAuthors;
        this.postMicros = g.postMicros;
        this.deletedMicros = g.deletedMicros;
        this.likes = g.likes;
        this.replies = g.replies;
        this.posts = new Posts();
    }

    /**
     * Returns a builder with the defaults 2,000 users, 40,000 posts, 40 mean follows, seed 1.
     *
     * @return a new builder
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** @return the seed the data was generated from */
    public long seed() {
        return seed;
    }

    /** @return every user, by id ascending */
    public List<User> users() {
        return users;
    }

    /** @return every follow, by {@code (from, to)} ascending; a view that builds each edge on access */
    public List<Edge> follows() {
        return follows;
    }

    /** @return every block, by {@code (from, to)} ascending; a view that builds each edge on access */
    public List<Edge> blocks() {
        return blocks;
    }

    /**
     * Returns every mute ({@code from} muted {@code to}), by {@code (from, to)} ascending; a view
     * that builds each edge on access.
     *
     * @return the mutes
     */
    public List<Edge> mutes() {
        return mutes;
    }

    /**
     * Returns every post, soft-deleted ones included, by id ascending. The list is a view that
     * builds each post (text, media and tags included) on access, so iterate it once and keep what
     * you need rather than calling {@code get} repeatedly.
     *
     * @return the posts
     */
    public List<Post> posts() {
        return posts;
    }

    /**
     * Returns a viewer worth demonstrating: follows more users than most (popular ones included),
     * blocks one of them, is blocked by another, mutes a third, blocks and is blocked by strangers, and has
     * soft-deleted posts among its followees' posts. On tiny data sets some of these may be
     * impossible; the viewer always exists.
     *
     * @return the user id
     */
    public long sampleViewer() {
        return sampleViewer;
    }

    /**
     * Returns the follows as a bulk view for loaders in this package: endpoints by
     * index, without building an {@link Edge} (and its {@link Instant}) per row.
     */
    EdgeColumns followColumns() {
        return follows;
    }

    /** @return the blocks as a bulk view, like {@link #followColumns()} */
    EdgeColumns blockColumns() {
        return blocks;
    }

    /** @return the mutes as a bulk view, like {@link #followColumns()} */
    EdgeColumns muteColumns() {
        return mutes;
    }

    /** Edge endpoints by index, ordered by {@code (from, to)} ascending. */
    interface EdgeColumns {
        int size();

        long from(int i);

        long to(int i);
    }

    @Override
    public String toString() {
        return "DemoData[seed=" + seed + ", users=" + users.size() + ", follows=" + follows.size()
                + ", blocks=" + blocks.size() + ", mutes=" + mutes.size() + ", posts=" + postIds.length + "]";
    }

    // ---------------------------------------------------------------- views

    private final class Posts extends AbstractList<Post> implements RandomAccess {
        @Override
        public Post get(int i) {
            Objects.checkIndex(i, postIds.length);
            long id = postIds[i];
            DemoText.PostContent c = DemoText.postContent(seed, id);
            Instant deleted = deletedMicros[i] == DemoGenerator.NOT_DELETED ? null : Keyset.instant(deletedMicros[i]);
            return new Post(id, userIds[postAuthors[i]], c.body(), Keyset.instant(postMicros[i]), deleted,
                    likes[i], replies[i], c.media(), c.tags(), c.extra());
        }

        @Override
        public int size() {
            return postIds.length;
        }
    }

    private static final class Edges extends AbstractList<Edge> implements RandomAccess, EdgeColumns {
        private final long[] userIds;
        private final int[] from;
        private final int[] to;
        private final long[] micros;

        Edges(long[] userIds, int[] from, int[] to, long[] micros) {
            this.userIds = userIds;
            this.from = from;
            this.to = to;
            this.micros = micros;
        }

        @Override
        public Edge get(int i) {
            Objects.checkIndex(i, from.length);
            return new Edge(userIds[from[i]], userIds[to[i]], Keyset.instant(micros[i]));
        }

        @Override
        public int size() {
            return from.length;
        }

        @Override
        public long from(int i) {
            return userIds[from[i]];
        }

        @Override
        public long to(int i) {
            return userIds[to[i]];
        }
    }

    // ---------------------------------------------------------------- builder

    /**
     * Configures a data set. Each setter checks its argument; {@link #build()} checks the rules
     * between them. Not thread-safe.
     */
    public static final class Builder {
        /** The most users a data set may hold. */
        public static final int MAX_USERS = 10_000_000;
        /** The most posts a data set may hold. */
        public static final int MAX_POSTS = 50_000_000;

        private int users = 2_000;
        private int posts = 40_000;
        private int meanFollows = 40;
        private long seed = 1;

        private Builder() {
        }

        /**
         * Sets the number of users (default 2,000).
         *
         * @param users 2..{@value #MAX_USERS}
         * @return this builder
         * @throws IllegalArgumentException outside that range
         */
        public Builder users(int users) {
            if (users < 2 || users > MAX_USERS) {
                throw new IllegalArgumentException("users must be between 2 and " + MAX_USERS + ", was " + users);
            }
            this.users = users;
            return this;
        }

        /**
         * Sets the number of posts (default 40,000).
         *
         * @param posts 0..{@value #MAX_POSTS}
         * @return this builder
         * @throws IllegalArgumentException outside that range
         */
        public Builder posts(int posts) {
            if (posts < 0 || posts > MAX_POSTS) {
                throw new IllegalArgumentException("posts must be between 0 and " + MAX_POSTS + ", was " + posts);
            }
            this.posts = posts;
            return this;
        }

        /**
         * Sets the mean number of users each user follows (default 40). The actual counts are
         * spread around it; it must be smaller than the number of users, checked by {@link #build()}.
         *
         * @param meanFollows 0 or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder meanFollows(int meanFollows) {
            if (meanFollows < 0) {
                throw new IllegalArgumentException("meanFollows must be 0 or more, was " + meanFollows);
            }
            this.meanFollows = meanFollows;
            return this;
        }

        /**
         * Sets the seed (default 1). Equal seeds and sizes give equal data.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Generates the data set.
         *
         * @return the data
         * @throws IllegalArgumentException if {@code meanFollows} is not smaller than {@code users}
         */
        public DemoData build() {
            if (meanFollows >= users) {
                throw new IllegalArgumentException("meanFollows must be smaller than users (" + users + "), was "
                        + meanFollows + "; raise users or lower meanFollows");
            }
            return new DemoData(new DemoGenerator(users, posts, meanFollows, seed));
        }
    }
}
