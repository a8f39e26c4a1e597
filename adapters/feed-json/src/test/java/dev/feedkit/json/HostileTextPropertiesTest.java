package dev.feedkit.json;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

final class HostileTextPropertiesTest {
    private final JsonFeedWriter writer = JsonFeedWriter.create();

    @Property(tries = 500)
    void any_utf16_text_round_trips_with_unpaired_surrogates_replaced(@ForAll("anyText") String text) {
        HostileTextTest.assertRoundTrip(writer, text);
    }

    @Property(tries = 500)
    void text_dense_in_hostile_characters_round_trips(@ForAll("hostileText") String text) {
        HostileTextTest.assertRoundTrip(writer, text);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.strings()
                .withCharRange('\u0000', '\u001f')
                .withCharRange('\uD7FF', '\uE000')
                .withChars('"', '\\', '/', '\u007f', '\u2028', '\u2029', 'a', '\uFFFD')
                .ofMaxLength(20);
    }
}
