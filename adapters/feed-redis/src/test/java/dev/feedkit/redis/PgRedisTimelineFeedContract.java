package dev.feedkit.redis;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedSource;
import dev.feedkit.Post;
import dev.feedkit.TimelineStore;
import dev.feedkit.testkit.TimelineFeedContract;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The timeline feed contract on PostgreSQL with Redis timelines and a Redis L2; subclasses say
 * which Redis (one server, or a cluster). Writes go through plain JDBC.
 */
abstract class PgRedisTimelineFeedContract extends TimelineFeedContract {
    private TestPg pg;
    private RedisCacheTier tier;
    private TimelineStore timelines;

    /** @return a tier builder connected to the Redis under test, with a fresh key prefix */
    abstract RedisCacheTier.Builder tier();

    /** @return a timeline store builder connected to the Redis under test, with a fresh key prefix */
    abstract RedisTimelines.Builder timelines();

    @BeforeAll
    void load() {
        pg = TestPg.load(timelineData());
    }

    @AfterAll
    void close() {
        closeAssembler();
        if (timelines != null) {
            timelines.close();
        }
        if (tier != null) {
            tier.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    protected FeedAssembler.Builder configure(FeedAssembler.Builder builder) {
        tier = tier().build();
        timelines = timelines().capacity(CAPACITY).build();
        return builder.source(pg.store).store(pg.store).tier(tier).cursorKey(Services.CURSOR_KEY).timelineStore(timelines);
    }

    @Override
    protected FeedSource oracle() {
        return pg.store;
    }

    @Override
    protected void writePost(Post post) {
        pg.update("INSERT INTO %s.posts (id, author_id, body, created_at) VALUES (?, ?, ?, ?)", post.id(),
                post.authorId(), post.body(), Timestamp.from(post.createdAt()));
    }

    @Override
    protected void writeDelete(long postId, Instant at) {
        pg.update("UPDATE %s.posts SET deleted_at = ? WHERE id = ?", Timestamp.from(at), postId);
    }

    @Override
    protected void writeFollow(long follower, long followee, boolean add) {
        if (add) {
            pg.update("INSERT INTO %s.follows (follower_id, followee_id, created_at) VALUES (?, ?, now())", follower,
                    followee);
        } else {
            pg.update("DELETE FROM %s.follows WHERE follower_id = ? AND followee_id = ?", follower, followee);
        }
    }

    @Override
    protected void writeBlock(long blocker, long blocked) {
        pg.update("INSERT INTO %s.blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, now())", blocker, blocked);
    }

    @Override
    protected void writeMute(long muter, long muted, boolean add) {
        if (add) {
            pg.update("INSERT INTO %s.mutes (muter_id, muted_id, created_at) VALUES (?, ?, now())", muter, muted);
        } else {
            pg.update("DELETE FROM %s.mutes WHERE muter_id = ? AND muted_id = ?", muter, muted);
        }
    }
}
