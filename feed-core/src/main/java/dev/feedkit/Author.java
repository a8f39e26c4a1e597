package dev.feedkit;

import java.util.Objects;

/**
 * A user as shown beside a post. Immutable; equality is by value.
 */
public final class Author extends Rendered {
    private final long id;
    private final String username;
    private final String displayName;
    private final String avatarUrl;
    private final boolean verified;
    private final String extra;

    /**
     * Creates an author.
     *
     * @param id the user id
     * @param username unique handle
     * @param displayName the name shown
     * @param avatarUrl the avatar, or {@code null}
     * @param verified whether the account is verified
     */
    public Author(long id, String username, String displayName, String avatarUrl, boolean verified) {
        this(id, username, displayName, avatarUrl, verified, null);
    }

    /**
     * Creates an author with host fields.
     *
     * @param id the user id
     * @param username unique handle
     * @param displayName the name shown
     * @param avatarUrl the avatar, or {@code null}
     * @param verified whether the account is verified
     * @param extra the host's fields as the text of one JSON object, or {@code null}; checked by
     *     the assembler when a store delivers the author (see {@link ExtraJson})
     */
    public Author(long id, String username, String displayName, String avatarUrl, boolean verified, String extra) {
        this.id = id;
        this.username = Objects.requireNonNull(username, "username");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.avatarUrl = avatarUrl;
        this.verified = verified;
        this.extra = extra;
    }

    /** @return the user id */
    public long id() {
        return id;
    }

    /** @return the unique handle */
    public String username() {
        return username;
    }

    /** @return the name shown */
    public String displayName() {
        return displayName;
    }

    /** @return the avatar url, or {@code null} */
    public String avatarUrl() {
        return avatarUrl;
    }

    /** @return whether the account is verified */
    public boolean verified() {
        return verified;
    }

    /**
     * Returns the host's fields: the text of one JSON object, written as the author's
     * {@code "extra"} (docs/CONTRACT.md, Host fields).
     *
     * @return the JSON text, or {@code null} when the user has none
     */
    public String extra() {
        return extra;
    }

    /** @return this author without its host fields, for a value the assembler rejects */
    Author withoutExtra() {
        return new Author(id, username, displayName, avatarUrl, verified, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Author && ((Author) o).id == id && ((Author) o).verified == verified
                && ((Author) o).username.equals(username) && ((Author) o).displayName.equals(displayName)
                && Objects.equals(((Author) o).avatarUrl, avatarUrl) && Objects.equals(((Author) o).extra, extra);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "Author[id=" + id + ", username=" + username + "]";
    }
}
