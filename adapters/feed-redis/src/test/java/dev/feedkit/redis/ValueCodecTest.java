package dev.feedkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.Author;
import dev.feedkit.Keyset;
import dev.feedkit.Media;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

final class ValueCodecTest {

    @Property(tries = 300)
    void posts_round_trip_exactly(@ForAll("posts") Post post) {
        Object decoded = ValueCodec.decode(ValueCodec.encodePost(post));
        assertThat(decoded).isEqualTo(post);
    }

    @Property(tries = 300)
    void authors_round_trip_exactly(@ForAll("authors") Author author) {
        assertThat(ValueCodec.decode(ValueCodec.encodeAuthor(author))).isEqualTo(author);
    }

    @Property
    void relationships_round_trip_to_the_shared_instance(@ForAll @IntRange(min = 0, max = 31) int bits) {
        Relationship r = Relationship.ofBits(bits);
        assertThat(ValueCodec.decode(ValueCodec.encodeRelationship(r))).isSameAs(r);
    }

    @Property
    void relationship_values_written_before_mutes_still_decode(@ForAll @IntRange(min = 0, max = 15) int bits) {
        byte[] old = {1, 3, (byte) bits};   // version 1, type RELATIONSHIP, bits 0..15: the pre-mute layout
        Relationship r = (Relationship) ValueCodec.decode(old);
        assertThat(r.bits()).isEqualTo(bits);
        assertThat(r.muting()).isFalse();
        assertThat(ValueCodec.encodeRelationship(r)).isEqualTo(old);
    }

    @org.junit.jupiter.api.Test
    void a_muted_relationship_is_one_byte_with_bit_16() {
        Relationship muted = Relationship.of(true, false, false, false, true);
        assertThat(ValueCodec.encodeRelationship(muted)).containsExactly(1, 3, 17);
        assertThat(((Relationship) ValueCodec.decode(new byte[] {1, 3, 17})).muting()).isTrue();
    }

    @Property(tries = 200)
    void every_truncation_of_a_post_fails_to_decode(@ForAll("posts") Post post, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] full = ValueCodec.encodePost(post);
        byte[] truncated = Arrays.copyOf(full, cut % full.length);
        assertThatThrownBy(() -> ValueCodec.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void random_bytes_never_throw_anything_but_illegal_argument(@ForAll byte[] junk) {
        try {
            ValueCodec.decode(junk);
        } catch (IllegalArgumentException expected) {
            // a miss
        }
    }

    @Property(tries = 50)
    void an_unknown_version_is_rejected(@ForAll("posts") Post post) {
        byte[] value = ValueCodec.encodePost(post);
        value[0] = 3;
        assertThatThrownBy(() -> ValueCodec.decode(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value version 3 is not 1 or 2");
    }

    // ---------------------------------------------------------------- host fields, versions

    /**
     * A post and an author as version 1 wrote them, byte for byte (the layout in ValueCodec's
     * comment, before host fields existed): what Redis holds after an upgrade must still decode.
     */
    @Property(tries = 1)
    void values_written_in_version_1_still_decode() {
        byte[] post = bytes(1, 1, le(981, 8), le(42, 8), le(1_700_000_000_123_456L, 8), 0, le(10, 4), le(2, 4),
                10, 'h', 'e', 'l', 'l', 'o', 1, 0, 8, 'u', ':', '/', '/', 3, le(1080, 4), le(1350, 4), 1, 8, 'j', 'a', 'v', 'a');
        assertThat(ValueCodec.decode(post)).isEqualTo(new Post(981, 42, "hello", Keyset.instant(1_700_000_000_123_456L),
                null, 10, 2, List.of(new Media(Media.Kind.IMAGE, "u://", 1080, 1350)), List.of("java")));
        byte[] author = bytes(1, 2, le(42, 8), 1, 6, 'a', 'd', 'a', 6, 'A', 'd', 'a');
        assertThat(ValueCodec.decode(author)).isEqualTo(new Author(42, "ada", "Ada", null, true));
    }

    @Property(tries = 100)
    void entities_without_host_fields_are_still_written_as_version_1(@ForAll("posts") Post post,
            @ForAll("authors") Author author) {
        Post plain = new Post(post.id(), post.authorId(), post.body(), post.createdAt(), post.deletedAt(), post.likeCount(),
                post.replyCount(), post.media(), post.tags());
        assertThat(ValueCodec.encodePost(plain)[0]).isEqualTo((byte) 1);
        Author plainAuthor = new Author(author.id(), author.username(), author.displayName(), author.avatarUrl(),
                author.verified());
        assertThat(ValueCodec.encodeAuthor(plainAuthor)[0]).isEqualTo((byte) 1);
    }

    @Property(tries = 100)
    void entities_with_host_fields_are_written_as_version_2(@ForAll("posts") Post post) {
        Post withExtra = new Post(post.id(), post.authorId(), post.body(), post.createdAt(), post.deletedAt(),
                post.likeCount(), post.replyCount(), post.media(), post.tags(), "{\"poll\": [1, 2]}");
        byte[] value = ValueCodec.encodePost(withExtra);
        assertThat(value[0]).isEqualTo((byte) 2);
        assertThat(ValueCodec.decode(value)).isEqualTo(withExtra);
    }

    @Property(tries = 1)
    void a_stored_extra_that_is_not_a_json_object_is_a_miss() {
        Author author = new Author(7, "u", "U", null, false, "{\"a\": [1, 2}");
        assertThatThrownBy(() -> ValueCodec.decode(ValueCodec.encodeAuthor(author)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected ',' or ']'");
    }

    private static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /** Concatenates ints (one byte each), chars (one byte each) and byte arrays. */
    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof byte[]) {
                out.writeBytes((byte[]) p);
            } else if (p instanceof Character) {
                out.write((Character) p);
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    @Property(tries = 1)
    void absence_is_two_bytes() {
        assertThat(ValueCodec.absent()).containsExactly(1, 4);
        assertThat(ValueCodec.decode(ValueCodec.absent())).isSameAs(ValueCodec.ABSENT_MARKER);
    }

    @Provide
    Arbitrary<Post> posts() {
        Arbitrary<Long> ids = Arbitraries.longs();
        Arbitrary<String> text = hostileText();
        Arbitrary<Long> micros = Arbitraries.longs().between(-62_000_000_000_000_000L, 250_000_000_000_000_000L);
        Arbitrary<Long> deleted = micros.injectNull(0.5);
        Arbitrary<List<Media>> media = media().list().ofMaxSize(4);
        Arbitrary<List<String>> tags = text.list().ofMaxSize(5);
        return Combinators.combine(ids, ids, text, micros, deleted, Arbitraries.integers(), media, tags)
                .flatAs((id, author, body, created, del, likes, m, t) -> extras().map(x -> new Post(id, author, body,
                        Keyset.instant(created), del == null ? null : Keyset.instant(del), likes, likes ^ 0x5555, m, t, x)));
    }

    @Provide
    Arbitrary<Author> authors() {
        Arbitrary<String> text = hostileText();
        return Combinators.combine(Arbitraries.longs(), text, text, text.injectNull(0.3), Arbitraries.of(true, false),
                extras()).as(Author::new);
    }

    /** Host fields: none, or JSON objects with hostile strings, as a store delivers them. */
    private static Arbitrary<String> extras() {
        return Arbitraries.of("{}", "{\"a\": \"</script>\\u2028\u2028\\\"\"}", "{\"poll\": {\"options\": [\"yes\", null, 1.5e3]}}",
                "{\"emoji\": \"\ud83d\ude00 é 中\", \"n\": [[], {}, true, false]}").injectNull(0.5);
    }

    private static Arbitrary<Media> media() {
        Arbitrary<Integer> size = Arbitraries.integers().injectNull(0.3);
        return Combinators.combine(Arbitraries.of(Media.Kind.class), hostileText(), size, size).as(Media::new);
    }

    /** Any chars, unpaired surrogates and emoji included. */
    private static Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("a\"\\\u2028\ud83d\ude00\ud800\udc00\u0000é").ofMaxLength(20));
    }
}
