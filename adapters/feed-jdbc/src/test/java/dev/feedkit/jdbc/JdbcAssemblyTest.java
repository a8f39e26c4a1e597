package dev.feedkit.jdbc;

import dev.feedkit.testkit.DemoLoader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.Author;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.testkit.InMemoryFeedStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end through {@link FeedAssembler} over PostgreSQL: walking a viewer's feed returns exactly
 * what an independent SQL reading of docs/CONTRACT.md returns, and page for page what the same assembler over
 * the in-memory store returns for the same data.
 */
final class JdbcAssemblyTest {
    private static final DemoData DATA = DemoData.newBuilder().users(1_500).posts(30_000).meanFollows(40).seed(42).build();
    /** The feed semantics of docs/CONTRACT.md written plainly, with no keyset, LATERAL or index in mind. */
    private static final String CONTRACT_FEED = """
            SELECT p.id FROM %1$s.posts p
            WHERE p.deleted_at IS NULL
              AND (p.author_id = ? OR p.author_id IN (SELECT followee_id FROM %1$s.follows WHERE follower_id = ?))
              AND p.author_id NOT IN (SELECT blocked_id FROM %1$s.blocks WHERE blocker_id = ?)
              AND p.author_id NOT IN (SELECT blocker_id FROM %1$s.blocks WHERE blocked_id = ?)
              AND p.author_id NOT IN (SELECT muted_id FROM %1$s.mutes WHERE muter_id = ?)
            ORDER BY p.created_at DESC, p.id DESC""";

    private static TestDb db;
    private static FeedAssembler jdbcFeeds;
    private static FeedAssembler memoryFeeds;

    @BeforeAll
    static void load() {
        db = TestDb.create();
        DemoLoader.copy(db.store.dataSource(), db.store.schema(), DATA);
        jdbcFeeds = FeedAssembler.newBuilder().source(db.store).store(db.store).build();
        InMemoryFeedStore memory = InMemoryFeedStore.of(DATA);
        memoryFeeds = FeedAssembler.newBuilder().source(memory).store(memory).build();
    }

    @AfterAll
    static void drop() {
        if (jdbcFeeds != null) {
            jdbcFeeds.close();
            memoryFeeds.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** Users who follow someone they block, who blocks them or whom they muted: their feeds must hide that someone. */
    private static List<Long> viewersWithBlockedFollowees() {
        Set<Long> viewers = new LinkedHashSet<>();
        Set<String> follows = new java.util.HashSet<>();
        DATA.follows().forEach(f -> follows.add(f.from() + ">" + f.to()));
        for (DemoData.Edge b : DATA.blocks()) {
            if (follows.contains(b.from() + ">" + b.to())) {
                viewers.add(b.from());
            }
            if (follows.contains(b.to() + ">" + b.from())) {
                viewers.add(b.to());
            }
        }
        int blockers = Math.min(6, viewers.size());
        Set<Long> chosen = new LinkedHashSet<>(new ArrayList<>(viewers).subList(0, blockers));
        Set<Long> posting = new java.util.HashSet<>();
        DATA.posts().forEach(p -> {
            if (!p.deleted()) {
                posting.add(p.authorId());
            }
        });
        for (DemoData.Edge m : DATA.mutes()) {
            if (chosen.size() < blockers + 4 && follows.contains(m.from() + ">" + m.to()) && posting.contains(m.to())) {
                chosen.add(m.from());
            }
        }
        return new ArrayList<>(chosen);
    }

    private static List<FeedPage> walk(FeedAssembler feeds, long viewer, int limit) {
        List<FeedPage> pages = new ArrayList<>();
        FeedPage page = feeds.assemble(FeedRequest.newBuilder(viewer).limit(limit).seed(7).build());
        pages.add(page);
        while (page.hasNextPage()) {
            page = feeds.assemble(FeedRequest.newBuilder(viewer).limit(limit).cursor(page.nextPage()).build());
            pages.add(page);
        }
        return pages;
    }

    private static List<Long> ids(List<FeedPage> pages) {
        return pages.stream().flatMap(p -> p.items().stream()).map(i -> i.post().id()).toList();
    }

    private static List<Long> specFeed(long viewer) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(String.format(CONTRACT_FEED, '"' + db.schema + '"'))) {
            for (int i = 1; i <= 5; i++) {
                ps.setLong(i, viewer);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static long count(String sql, long viewer) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql.replace("${schema}", '"' + db.schema + '"'))) {
            ps.setLong(1, viewer);
            ps.setLong(2, viewer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void walking_the_feed_of_viewers_with_blocked_or_muted_followees_and_deleted_posts_returns_exactly_the_spec_query() throws Exception {
        List<Long> viewers = viewersWithBlockedFollowees();
        assertThat(viewers).as("viewers who follow someone blocked either way").hasSizeGreaterThanOrEqualTo(3);
        long deletedSeen = 0;
        for (long viewer : viewers) {
            long hidden = count("SELECT count(*) FROM ${schema}.posts p JOIN ${schema}.follows f ON f.followee_id = p.author_id "
                    + "AND f.follower_id = ? WHERE p.deleted_at IS NULL AND (EXISTS (SELECT 1 FROM ${schema}.blocks b WHERE "
                    + "(b.blocker_id = f.follower_id AND b.blocked_id = p.author_id) OR (b.blocked_id = f.follower_id "
                    + "AND b.blocker_id = p.author_id)) OR EXISTS (SELECT 1 FROM ${schema}.mutes m WHERE m.muter_id = f.follower_id "
                    + "AND m.muted_id = p.author_id)) AND ? > 0", viewer);
            assertThat(hidden).as("live posts of followees blocked either way or muted by viewer %d", viewer).isPositive();
            deletedSeen += count("SELECT count(*) FROM ${schema}.posts p JOIN ${schema}.follows f ON f.followee_id = p.author_id "
                    + "AND f.follower_id = ? WHERE p.deleted_at IS NOT NULL AND ? > 0", viewer);
            List<Long> want = specFeed(viewer);
            assertThat(want).as("the spec feed of viewer %d", viewer).isNotEmpty();
            assertThat(ids(walk(jdbcFeeds, viewer, 20))).as("walked feed of viewer %d", viewer).containsExactlyElementsOf(want);
        }
        assertThat(deletedSeen).as("deleted posts by the viewers' followees").isPositive();
    }

    @Test
    void pages_over_postgresql_equal_pages_over_the_in_memory_store_item_by_item() {
        List<Long> viewers = new ArrayList<>(viewersWithBlockedFollowees());
        viewers.add(DATA.sampleViewer());
        for (long viewer : viewers) {
            for (int limit : new int[] {7, 100}) {
                List<FeedPage> fromDb = walk(jdbcFeeds, viewer, limit);
                List<FeedPage> fromMemory = walk(memoryFeeds, viewer, limit);
                assertThat(fromDb).as("pages of %d for viewer %d", limit, viewer).hasSameSizeAs(fromMemory);
                for (int p = 0; p < fromDb.size(); p++) {
                    FeedPage db = fromDb.get(p);
                    FeedPage mem = fromMemory.get(p);
                    assertThat(db.nextPage()).as("cursor of page %d", p).isEqualTo(mem.nextPage());
                    assertThat(db.seed()).isEqualTo(mem.seed());
                    assertThat(db.items()).as("page %d of %d for viewer %d", p, limit, viewer)
                            .containsExactlyElementsOf(mem.items().stream().map(JdbcAssemblyTest::storable).toList());
                }
            }
        }
    }

    private static FeedItem storable(FeedItem i) {
        Author a = i.author();
        return new FeedItem(DemoLoadTest.storable(i.post()),
                new Author(a.id(), a.username(), DemoLoader.storable(a.displayName()), a.avatarUrl(), a.verified(),
                        a.extra()), i.viewer());
    }
}
