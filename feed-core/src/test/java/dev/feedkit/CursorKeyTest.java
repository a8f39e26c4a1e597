package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The assembler's cursor keys: no public default, a required key with a shared tier, rotation. */
final class CursorKeyTest {
    private static final byte[] OLD = "old-cursor-key-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "new-cursor-key-0123456789".getBytes(StandardCharsets.UTF_8);

    private final TestFeed feed = TestFeed.random(3, 10, 10);

    @Test
    void a_shared_tier_without_a_cursor_key_is_refused_by_build_naming_the_setting() {
        assertThatThrownBy(() -> FeedAssembler.newBuilder().source(feed).store(feed).tier(new NoTier()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cursorKey is required with a shared tier (L2): every instance must sign cursors with the"
                        + " same secret; set FeedAssembler.Builder.cursorKey(..)");
    }

    @Test
    void a_shared_tier_with_a_cursor_key_builds() {
        try (FeedAssembler feeds = builder().tier(new NoTier()).cursorKey(NEW).build()) {
            assertThat(feeds.assemble(FeedRequest.newBuilder(1).limit(1).build()).nextPage()).isNotNull();
        }
    }

    @Test
    void without_a_key_assemblers_of_one_process_share_a_random_key_and_warn_once() {
        String cursor;
        try (FeedAssembler a = builder().build()) {
            cursor = a.assemble(FeedRequest.newBuilder(1).limit(1).build()).nextPage();
        }
        try (FeedAssembler b = builder().build()) {
            assertThat(b.assemble(next(cursor)).items()).isNotEmpty();
        }
        assertThat(ProcessCursorKey.warnings()).isEqualTo(1);
        try (FeedAssembler keyed = builder().cursorKey(NEW).build()) {
            assertThatThrownBy(() -> keyed.assemble(next(cursor)))
                    .as("the per-process key is not a public constant: a keyed assembler refuses its cursors")
                    .hasMessage("cursor was tampered with: its signature does not match");
        }
    }

    @Test
    void after_a_rotation_cursors_of_the_previous_key_are_accepted_and_new_ones_signed_with_the_new_key() {
        String old;
        try (FeedAssembler before = builder().cursorKey(1, OLD).build()) {
            old = before.assemble(FeedRequest.newBuilder(1).limit(1).build()).nextPage();
        }
        String fresh;
        try (FeedAssembler rotated = builder().cursorKey(2, NEW).previousCursorKey(1, OLD).build()) {
            FeedPage page = rotated.assemble(next(old));
            assertThat(page.items()).isNotEmpty();
            fresh = page.nextPage();
        }
        try (FeedAssembler retired = builder().cursorKey(2, NEW).build()) {
            assertThat(retired.assemble(next(fresh)).items()).isNotEmpty();
            assertThatThrownBy(() -> retired.assemble(next(old)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("cursor was signed with unknown key id 1; this server accepts key ids 2");
        }
    }

    @Test
    void cursor_key_settings_are_checked_when_set_and_once() {
        assertThatThrownBy(() -> FeedAssembler.newBuilder().cursorKey(new byte[15]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cursorKey must be at least 16 bytes, was 15");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().cursorKey(256, NEW))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cursorKey id must be between 0 and 255, was 256");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().previousCursorKey(-1, OLD))
                .hasMessage("previousCursorKey id must be between 0 and 255, was -1");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().previousCursorKey(1, new byte[3]))
                .hasMessage("previousCursorKey must be at least 16 bytes, was 3");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().cursorKey(NEW).cursorKey(2, NEW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cursorKey was already set to key id 0 (a 25-byte key)");
        assertThatThrownBy(() -> FeedAssembler.newBuilder().previousCursorKey(1, OLD).previousCursorKey(1, NEW))
                .isInstanceOf(IllegalStateException.class).hasMessage("previousCursorKey id 1 was already added");
    }

    @Test
    void previous_keys_need_a_current_key_of_another_id() {
        assertThatThrownBy(() -> builder().previousCursorKey(1, OLD).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("previousCursorKey needs a current key to sign with; set FeedAssembler.Builder.cursorKey(id, key)");
        assertThatThrownBy(() -> builder().cursorKey(1, NEW).previousCursorKey(1, OLD).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("previousCursorKey id 1 is the id of cursorKey; give the new key a new id, as in cursorKey(2, key)");
    }

    @Test
    void an_empty_cursor_is_an_invalid_request() {
        assertThatThrownBy(() -> FeedRequest.newBuilder(1).cursor(""))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("cursor must not be empty; omit it for the first page")
                .extracting(e -> ((InvalidRequestException) e).code()).isEqualTo("invalid_cursor");
        assertThat(FeedRequest.newBuilder(1).cursor(null).build().cursor()).isNull();
    }

    private FeedAssembler.Builder builder() {
        return FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false);
    }

    private static FeedRequest next(String cursor) {
        return FeedRequest.newBuilder(1).limit(1).cursor(cursor).build();
    }

    /** A tier that holds nothing: enough to make the assembler "shared". */
    private static final class NoTier implements CacheTier {
        @Override
        public void getAll(EntityKeys keys, Entities hits) {
        }

        @Override
        public void putAll(Entities loaded, int ttlMultiplier) {
        }

        @Override
        public void invalidate(CacheKey key) {
        }

        @Override
        public String toString() {
            return "L2";
        }
    }
}
