package dev.feedkit.examples;

import dev.feedkit.Keyset;
import dev.feedkit.Post;
import dev.feedkit.testkit.InMemoryFeedStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Commits the demo's writes to its backend: the in-memory store's mutation API, or plain JDBC on
 * PostgreSQL. The routes then call the assembler's write-path methods. Each method answers
 * {@code false} (or null) when the change refers to something that does not exist.
 */
interface DemoWrites {

    /** @return the new post, or null if the author does not exist */
    Post createPost(long authorId, String text);

    /** @return the deleted post as it was, or null if there is no live post with that id */
    Post deletePost(long postId);

    /** @return whether both users exist (the edge is then present or absent as asked) */
    boolean follow(long follower, long followee, boolean add);

    /** @return whether both users exist */
    boolean block(long blocker, long blocked);

    /** @return whether both users exist (the mute is then present or absent as asked) */
    boolean mute(long muter, long muted, boolean add);

    /** Writes to an {@link InMemoryFeedStore}; post ids continue after {@code firstFreeId}. */
    static DemoWrites inMemory(InMemoryFeedStore store, long firstFreeId) {
        AtomicLong ids = new AtomicLong(firstFreeId);
        return new DemoWrites() {
            @Override
            public Post createPost(long authorId, String text) {
                Post p = new Post(ids.getAndIncrement(), authorId, text, now(), null, 0, 0, List.of(), List.of());
                try {
                    store.addPost(p);
                    return p;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }

            @Override
            public Post deletePost(long postId) {
                try {
                    Post old = InMemoryPosts.find(store, postId);
                    return old != null && store.deletePost(postId, now()) ? old : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }

            @Override
            public boolean follow(long follower, long followee, boolean add) {
                return bothExist(add ? () -> store.follow(follower, followee) : () -> store.unfollow(follower, followee));
            }

            @Override
            public boolean block(long blocker, long blocked) {
                return bothExist(() -> store.block(blocker, blocked));
            }

            @Override
            public boolean mute(long muter, long muted, boolean add) {
                return bothExist(add ? () -> store.mute(muter, muted) : () -> store.unmute(muter, muted));
            }

            /** Runs an edge write; the in-memory store refuses an unknown user with IllegalArgumentException. */
            private boolean bothExist(Runnable write) {
                try {
                    write.run();
                    return true;
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        };
    }

    /** Writes to PostgreSQL in {@code schema} with plain JDBC; post ids from {@code max(id) + 1}. */
    static DemoWrites postgres(DataSource ds, String schema) {
        AtomicLong ids = new AtomicLong(Jdbc.query(ds, "SELECT coalesce(max(id), 0) + 1 FROM " + schema + ".posts"));
        return new DemoWrites() {
            @Override
            public Post createPost(long authorId, String text) {
                Post p = new Post(ids.getAndIncrement(), authorId, text, now(), null, 0, 0, List.of(), List.of());
                return Jdbc.update(ds, "INSERT INTO " + schema + ".posts (id, author_id, body, created_at) SELECT ?, ?, ?, ?"
                        + " WHERE EXISTS (SELECT 1 FROM " + schema + ".users WHERE id = ?)", p.id(), authorId, text,
                        Timestamp.from(p.createdAt()), authorId) == 1 ? p : null;
            }

            @Override
            public Post deletePost(long postId) {
                Long author = Jdbc.queryOrNull(ds, "UPDATE " + schema + ".posts SET deleted_at = now() WHERE id = ? AND"
                        + " deleted_at IS NULL RETURNING author_id", postId);
                if (author == null) {
                    return null;
                }
                Long micros = Jdbc.queryOrNull(ds, "SELECT (extract(epoch FROM created_at) * 1000000)::bigint FROM "
                        + schema + ".posts WHERE id = ?", postId);
                return new Post(postId, author, "", Keyset.instant(micros), now(), 0, 0, List.of(), List.of());
            }

            @Override
            public boolean follow(long follower, long followee, boolean add) {
                if (!users(follower, followee)) {
                    return false;
                }
                Jdbc.update(ds, add ? "INSERT INTO " + schema + ".follows (follower_id, followee_id, created_at) VALUES"
                        + " (?, ?, now()) ON CONFLICT DO NOTHING"
                        : "DELETE FROM " + schema + ".follows WHERE follower_id = ? AND followee_id = ?", follower, followee);
                return true;
            }

            @Override
            public boolean block(long blocker, long blocked) {
                if (!users(blocker, blocked)) {
                    return false;
                }
                Jdbc.update(ds, "INSERT INTO " + schema + ".blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, now())"
                        + " ON CONFLICT DO NOTHING", blocker, blocked);
                return true;
            }

            @Override
            public boolean mute(long muter, long muted, boolean add) {
                if (!users(muter, muted)) {
                    return false;
                }
                Jdbc.update(ds, add ? "INSERT INTO " + schema + ".mutes (muter_id, muted_id, created_at) VALUES"
                        + " (?, ?, now()) ON CONFLICT DO NOTHING"
                        : "DELETE FROM " + schema + ".mutes WHERE muter_id = ? AND muted_id = ?", muter, muted);
                return true;
            }

            private boolean users(long a, long b) {
                return a != b && Jdbc.query(ds, "SELECT count(*) FROM " + schema + ".users WHERE id IN (?, ?)", a, b) == 2;
            }
        };
    }

    private static Instant now() {
        return Keyset.instant(Keyset.micros(Instant.now()));
    }

    /** Looks a post up in the in-memory store through its EntityStore side. */
    final class InMemoryPosts {
        private InMemoryPosts() {
        }

        static Post find(InMemoryFeedStore store, long postId) {
            dev.feedkit.EntityKeys keys = dev.feedkit.EntityKeys.of(0, new long[] {postId}, new long[0]);
            dev.feedkit.Entities found = dev.feedkit.Entities.of(keys);
            store.load(keys, found, dev.feedkit.Deadline.none());
            return found.findPost(postId);
        }
    }

    /** Plain JDBC helpers. */
    final class Jdbc {
        private Jdbc() {
        }

        static int update(DataSource ds, String sql, Object... args) {
            try (Connection c = ds.getConnection(); PreparedStatement s = prepare(c, sql, args)) {
                return s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("demo write failed: " + e.getMessage(), e);
            }
        }

        static long query(DataSource ds, String sql, Object... args) {
            Long v = queryOrNull(ds, sql, args);
            return v == null ? 0 : v;
        }

        static Long queryOrNull(DataSource ds, String sql, Object... args) {
            try (Connection c = ds.getConnection(); PreparedStatement s = prepare(c, sql, args);
                    ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            } catch (SQLException e) {
                throw new IllegalStateException("demo query failed: " + e.getMessage(), e);
            }
        }

        private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
            PreparedStatement s = c.prepareStatement(sql);
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s;
        }
    }
}
