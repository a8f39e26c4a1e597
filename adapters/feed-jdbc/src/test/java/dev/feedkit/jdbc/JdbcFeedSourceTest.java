package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.Keyset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class JdbcFeedSourceTest {
    private static TestDb db;

    @BeforeAll
    static void load() {
        db = TestDb.create();
        db.exec("INSERT INTO ${schema}.users (id, username, display_name, created_at) "
                + "SELECT i, 'u' || i, 'User ' || i, now() FROM generate_series(1, 6) i");
        // Viewer 1 follows 2..5, blocks 4 and is blocked by 5; 6 is not followed.
        db.exec("INSERT INTO ${schema}.follows (follower_id, followee_id) VALUES (1,2),(1,3),(1,4),(1,5),(2,1)");
        db.exec("INSERT INTO ${schema}.blocks (blocker_id, blocked_id) VALUES (1,4),(5,1)");
        db.exec("INSERT INTO ${schema}.posts (id, author_id, body, created_at, deleted_at) VALUES "
                + "(10, 2, 'a', '2026-11-20 10:00:00.000001+00', null),"
                + "(11, 2, 'b', '2026-11-20 10:00:00.000001+00', null),"
                + "(12, 2, 'deleted', '2026-11-20 11:00:00+00', '2026-11-21 00:00:00+00'),"
                + "(13, 3, 'c', '2026-11-20 09:00:00.123456+00', null),"
                + "(14, 4, 'blocked by viewer', '2026-11-20 12:00:00+00', null),"
                + "(15, 5, 'blocks viewer', '2026-11-20 12:00:00+00', null),"
                + "(16, 6, 'not followed', '2026-11-20 12:00:00+00', null),"
                + "(17, 1, 'own', '2026-11-20 08:00:00+00', null)");
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            db.close();
        }
    }

    private static List<Long> ids(long viewer, Keyset after, int max) {
        Candidates out = new Candidates();
        db.store.candidates(viewer, after, max, out, Deadline.none());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            ids.add(out.postId(i));
        }
        return ids;
    }

    @Test
    void first_page_has_follows_and_own_posts_newest_first_ties_broken_by_id() {
        assertThat(ids(1, Keyset.START, 10)).containsExactly(11L, 10L, 13L, 17L);
    }

    @Test
    void page_excludes_deleted_posts_blocked_authors_and_authors_who_blocked_the_viewer() {
        assertThat(ids(1, Keyset.START, 10)).doesNotContain(12L, 14L, 15L, 16L);
    }

    @Test
    void candidates_carry_author_and_microsecond_created_at() {
        Candidates out = new Candidates();
        db.store.candidates(1, Keyset.START, 10, out, Deadline.none());
        assertThat(out.authorId(2)).isEqualTo(3L);
        assertThat(Keyset.instant(out.createdAtMicros(2))).hasToString("2026-11-20T09:00:00.123456Z");
    }

    @Test
    void keyset_continues_strictly_after_the_position_even_within_one_microsecond() {
        Candidates first = new Candidates();
        db.store.candidates(1, Keyset.START, 1, first, Deadline.none());
        Keyset after = new Keyset(first.createdAtMicros(0), first.postId(0));
        assertThat(ids(1, after, 10)).containsExactly(10L, 13L, 17L);
    }

    @Test
    void source_returns_at_most_max_rows() {
        assertThat(ids(1, Keyset.START, 2)).containsExactly(11L, 10L);
    }

    @Test
    void unknown_viewer_has_no_candidates() {
        assertThat(ids(999, Keyset.START, 10)).isEmpty();
    }
}
