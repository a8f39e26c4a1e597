package dev.feedkit.examples.naive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;

/**
 * One feed page as a plain object graph, in the JSON shape of docs/CONTRACT.md, for jackson-databind: what a first
 * version of a feed service serializes. Also the POJO graph the JSON benchmark hands to databind.
 *
 * @param items the items in display order
 * @param nextPage the cursor of the next page, or {@code null} (omitted) on the last page
 * @param seed the ranking seed
 */
public record NaivePage(List<Item> items,
        @JsonProperty("next_page") @JsonInclude(JsonInclude.Include.NON_NULL) String nextPage,
        long seed) {

    /**
     * One item.
     *
     * @param id the post id, as a string
     * @param createdAt RFC 3339 text
     * @param text the body
     * @param author the author with the viewer's flags
     * @param media the attachments
     * @param tags the tags
     * @param stats the counts
     * @param extra the post's host fields, JSON text written as it is, or {@code null} (omitted)
     */
    public record Item(String id, @JsonProperty("created_at") String createdAt, String text, Author author,
            List<Media> media, List<String> tags, Stats stats,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String extra) {

        /**
         * An item without host fields.
         *
         * @param id the post id, as a string
         * @param createdAt RFC 3339 text
         * @param text the body
         * @param author the author with the viewer's flags
         * @param media the attachments
         * @param tags the tags
         * @param stats the counts
         */
        public Item(String id, String createdAt, String text, Author author, List<Media> media, List<String> tags,
                Stats stats) {
            this(id, createdAt, text, author, media, tags, stats, null);
        }
    }

    /**
     * The author of an item.
     *
     * @param id the user id, as a string
     * @param username the handle
     * @param displayName the name shown
     * @param avatarUrl the avatar, or {@code null} (omitted)
     * @param verified whether verified
     * @param extra the user's host fields, JSON text written as it is, or {@code null} (omitted)
     * @param viewer the viewer's relationship to the author
     */
    public record Author(String id, String username, @JsonProperty("display_name") String displayName,
            @JsonProperty("avatar_url") @JsonInclude(JsonInclude.Include.NON_NULL) String avatarUrl,
            boolean verified, @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String extra, Viewer viewer) {

        /**
         * An author without host fields.
         *
         * @param id the user id, as a string
         * @param username the handle
         * @param displayName the name shown
         * @param avatarUrl the avatar, or {@code null} (omitted)
         * @param verified whether verified
         * @param viewer the viewer's relationship to the author
         */
        public Author(String id, String username, String displayName, String avatarUrl, boolean verified, Viewer viewer) {
            this(id, username, displayName, avatarUrl, verified, null, viewer);
        }
    }

    /**
     * The viewer's relationship to an author.
     *
     * @param following the viewer follows the author
     * @param followedBy the author follows the viewer
     */
    public record Viewer(boolean following, @JsonProperty("followed_by") boolean followedBy) {
    }

    /**
     * One attachment.
     *
     * @param kind image, video or gif
     * @param url where it is
     * @param width pixels, or {@code null} (omitted)
     * @param height pixels, or {@code null} (omitted)
     */
    public record Media(String kind, String url, @JsonInclude(JsonInclude.Include.NON_NULL) Integer width,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer height) {
    }

    /**
     * The counts of an item.
     *
     * @param likes likes
     * @param replies replies
     */
    public record Stats(long likes, long replies) {
    }
}
