package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class EntitiesTest {
    private static final EntityKeys PAGE = EntityKeys.of(3, new long[] {10, 11, 12}, new long[] {20, 21});

    @Test
    void delivery_by_id_fills_the_slot_of_the_key_and_ignores_ids_that_were_not_asked_for() {
        Entities e = Entities.of(PAGE);
        e.post(post(11));
        e.post(post(99));
        e.relationship(21, Relationship.NONE);
        e.absent(EntityKind.AUTHOR, 20);
        assertThat(e.valueAt(EntityKind.POST, 1)).isEqualTo(post(11));
        assertThat(e.findPost(99)).isNull();
        assertThat(e.count(EntityKind.POST)).isEqualTo(1);
        assertThat(e.findRelationship(21)).isSameAs(Relationship.NONE);
        assertThat(e.absentAt(EntityKind.AUTHOR, 0)).isTrue();
        assertThat(e.findAuthor(20)).isNull();
        assertThat(e.count()).isEqualTo(3);
    }

    @Test
    void a_relationship_is_never_absent() {
        assertThatThrownBy(() -> Entities.of(PAGE).absent(EntityKind.RELATIONSHIP, 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Relationship.NONE");
    }

    @Test
    void missing_lists_the_empty_slots_and_a_tier_answer_for_them_merges_back_by_position() {
        Entities found = Entities.of(PAGE);
        found.post(post(11));
        found.relationship(20, Relationship.NONE);
        EntityKeys missing = new EntityKeys();
        assertThat(found.missing(missing)).isTrue();
        assertThat(missing.toArray(EntityKind.POST)).containsExactly(10, 12);
        assertThat(missing.toArray(EntityKind.AUTHOR)).containsExactly(20, 21);
        assertThat(missing.toArray(EntityKind.RELATIONSHIP)).containsExactly(21);
        assertThat(missing.viewerId()).isEqualTo(3);

        Entities hits = Entities.of(missing);
        hits.post(post(12));
        hits.absent(EntityKind.AUTHOR, 21);
        found.merge(hits);
        assertThat(found.valueAt(EntityKind.POST, 2)).isEqualTo(post(12));
        assertThat(found.absentAt(EntityKind.AUTHOR, 1)).isTrue();
        assertThat(found.missing(missing)).isTrue();
        assertThat(missing.size()).isEqualTo(3);
        Entities other = Entities.of(EntityKeys.of(3, new long[] {10}, new long[0]));
        assertThatThrownBy(() -> found.merge(other)).as("hits aligned with other keys")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_store_answer_completes_absences_and_keeps_only_fresh_entries() {
        Entities loaded = Entities.of(PAGE);
        loaded.post(post(10));
        loaded.completeAbsences();
        assertThat(loaded.absentAt(EntityKind.POST, 1)).isTrue();
        assertThat(loaded.absentAt(EntityKind.AUTHOR, 0)).isTrue();
        assertThat(loaded.findRelationship(21)).isSameAs(Relationship.NONE);
        assertThat(loaded.count()).isEqualTo(PAGE.size());

        Entities fresh = loaded.keepOnly(key -> !key.equals(CacheKey.post(10)) && !key.equals(CacheKey.relationship(3, 21)));
        assertThat(fresh.keys()).isSameAs(PAGE);
        assertThat(fresh.findPost(10)).isNull();
        assertThat(fresh.findRelationship(21)).isNull();
        assertThat(fresh.findRelationship(20)).isSameAs(Relationship.NONE);
        assertThat(fresh.count()).isEqualTo(PAGE.size() - 2);
    }

    @Test
    void a_reset_batch_forgets_what_it_knew() {
        Entities e = Entities.of(PAGE);
        e.post(post(10));
        e.reset(EntityKeys.of(3, new long[] {10}, new long[0]));
        assertThat(e.isEmpty()).isTrue();
        e.clear();
        assertThat(e.keys().isEmpty()).isTrue();
    }

    private static Post post(long id) {
        return new Post(id, 20, "p" + id, Instant.EPOCH, null, 0, 0, List.of(), List.of());
    }
}
