package dev.feedkit.testkit;

import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.Keyset;
import dev.feedkit.Post;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * From any keyset position, real or not, of any viewer, the in-memory source continues exactly
 * as the oracle does.
 */
final class KeysetContinuationPropertyTest {
    private static final DemoData DATA = DemoData.newBuilder().users(400).posts(8_000).meanFollows(25).seed(99).build();
    private static final FeedOracle ORACLE = new FeedOracle(DATA);
    private static final InMemoryFeedStore STORE = InMemoryFeedStore.of(DATA);
    private static final List<Long> USERS = ORACLE.userIds();

    @Property(tries = 300)
    void candidates_after_any_position_match_the_oracle(
            @ForAll @IntRange(min = 0, max = 399) int viewerIndex,
            @ForAll @IntRange(min = 0, max = 10_000) int postIndex,
            @ForAll @LongRange(min = -2, max = 2) long microsShift,
            @ForAll @LongRange(min = -2, max = 2) long idShift,
            @ForAll @IntRange(min = 1, max = 101) int max) {
        long viewer = viewerIndex == 0 ? DATA.sampleViewer() : USERS.get(viewerIndex);
        List<Post> feed = ORACLE.feed(viewer);
        Keyset after = Keyset.START;
        if (!feed.isEmpty() && postIndex < feed.size() * 2) {
            Post p = feed.get(postIndex % feed.size());
            after = new Keyset(p.createdAtMicros() + microsShift, p.id() + idShift);
        }
        Candidates out = new Candidates();
        STORE.candidates(viewer, after, max, out, Deadline.none());
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            got.add(out.postId(i));
        }
        assertThat(got).containsExactlyElementsOf(ORACLE.after(viewer, after, max).stream().map(Post::id).toList());
    }
}
