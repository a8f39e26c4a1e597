package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.Keyset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the keyset query for a viewer who follows 2,000 authors with 100
 * posts each: the plan reads each author's posts from posts_author_keyset_idx and stops after the
 * page size, so no author's history is sorted. The plan is written to target/explain-candidates.txt.
 */
final class ExplainTest {
    private static final int AUTHORS = 2_000;
    private static final int POSTS_PER_AUTHOR = 100;
    private static final int MAX = 21;
    private static final Pattern NODE = Pattern.compile("rows=(\\d+) loops=(\\d+)\\)");
    private static TestDb db;

    @BeforeAll
    static void load() {
        db = TestDb.create();
        db.exec("INSERT INTO ${schema}.users (id, username, display_name, created_at) "
                + "SELECT i, 'u' || i, 'User ' || i, now() FROM generate_series(1, " + (AUTHORS + 2) + ") i");
        db.exec("INSERT INTO ${schema}.follows (follower_id, followee_id) SELECT 1, i FROM generate_series(2, "
                + (AUTHORS + 1) + ") i");
        db.exec("INSERT INTO ${schema}.blocks (blocker_id, blocked_id) VALUES (1, 2), (3, 1)");
        db.exec("INSERT INTO ${schema}.posts (id, author_id, body, created_at, deleted_at) "
                + "SELECT a * 1000 + n, a, 'post', timestamptz '2026-11-01' - (n * 7919 + a) * interval '1 second', "
                + "CASE WHEN n % 10 = 0 THEN now() END "
                + "FROM generate_series(1, " + (AUTHORS + 2) + ") a, generate_series(1, " + POSTS_PER_AUTHOR + ") n");
        db.exec("ANALYZE ${schema}.posts; ANALYZE ${schema}.follows; ANALYZE ${schema}.blocks; ANALYZE ${schema}.users");
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            db.close();
        }
    }

    private static List<String> explain(Keyset after) throws SQLException {
        JdbcFeedSource source = db.store.source();
        List<String> plan = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + source.sql().text())) {
            source.bind(ps, 1, after, MAX);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
        }
        return plan;
    }

    private static String line(List<String> plan, String contains) {
        return plan.stream().filter(l -> l.contains(contains)).findFirst()
                .orElseThrow(() -> new AssertionError("no plan node \"" + contains + "\" in\n" + String.join("\n", plan)));
    }

    private static long[] rowsAndLoops(String node) {
        Matcher m = NODE.matcher(node);
        assertThat(m.find()).as("actual rows/loops in " + node).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    @Test
    void first_page_reads_at_most_a_page_per_followed_author_from_the_keyset_index() throws Exception {
        List<String> plan = explain(Keyset.START);
        Files.write(Path.of("target", "explain-candidates.txt"), plan, StandardCharsets.UTF_8);
        String scan = line(plan, "posts_author_keyset_idx");
        long[] scanned = rowsAndLoops(scan);
        assertThat(scan).containsAnyOf("Index Scan", "Index Only Scan");
        assertThat(scanned[1]).as("index scans: one per author (follows + self) but the two blocked")
                .isEqualTo(AUTHORS + 1 - 2);
        assertThat(scanned[0]).as("rows read per author (average per loop)").isLessThanOrEqualTo(MAX);
        assertThat(scanned[0] * scanned[1]).as("posts read in all").isLessThanOrEqualTo((long) (AUTHORS + 1) * MAX);
        assertNoSortOverAnAuthorsHistory(plan);
    }

    @Test
    void a_page_deep_in_every_authors_history_also_reads_at_most_a_page_per_author() throws Exception {
        // Half of each author's 100 posts are older than this position.
        List<String> plan = explain(new Keyset(Keyset.micros(java.time.Instant.parse("2026-10-27T10:00:00Z")), 0));
        Files.write(Path.of("target", "explain-candidates-deep.txt"), plan, StandardCharsets.UTF_8);
        long[] scanned = rowsAndLoops(line(plan, "posts_author_keyset_idx"));
        assertThat(scanned[0]).isLessThanOrEqualTo(MAX);
        assertNoSortOverAnAuthorsHistory(plan);
    }

    /** The only sort is the one merge of the per-author pages: it runs once, never per author. */
    private static void assertNoSortOverAnAuthorsHistory(List<String> plan) {
        List<String> sorts = plan.stream().filter(l -> l.contains("Sort  (")).toList();
        assertThat(sorts).as("sort nodes").hasSizeLessThanOrEqualTo(1);
        for (String sort : sorts) {
            assertThat(rowsAndLoops(sort)[1]).as("loops of " + sort).isEqualTo(1);
        }
    }
}
