package dev.feedkit;

import java.util.Objects;

/**
 * One media attachment of a post.
 *
 * @param kind image, video or gif
 * @param url where the client loads it
 * @param width pixels, or {@code null} if unknown
 * @param height pixels, or {@code null} if unknown
 */
public record Media(Kind kind, String url, Integer width, Integer height) {

    /** The kinds the reference schema allows (docs/CONTRACT.md, Reference schema). */
    public enum Kind {
        /** A still image. */
        IMAGE("image"),
        /** A video. */
        VIDEO("video"),
        /** An animated gif. */
        GIF("gif");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /**
         * Returns the lower-case name used in SQL and JSON.
         *
         * @return {@code image}, {@code video} or {@code gif}
         */
        public String wire() {
            return wire;
        }

        /**
         * Parses the lower-case name.
         *
         * @param wire {@code image}, {@code video} or {@code gif}
         * @return the kind
         * @throws IllegalArgumentException for any other text
         */
        public static Kind ofWire(String wire) {
            switch (wire) {
                case "image": return IMAGE;
                case "video": return VIDEO;
                case "gif": return GIF;
                default: throw new IllegalArgumentException("media kind must be image, video or gif, was " + wire);
            }
        }
    }

    /**
     * Checks the required fields.
     *
     * @throws NullPointerException if {@code kind} or {@code url} is null
     */
    public Media {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
    }
}
