package dev.feedkit;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Renders a page to bytes, streaming to the caller's output. Stable contract.
 *
 * <p>A writer may memoize each entity's viewer-independent rendering in the entity's
 * {@link Rendered} slot under a format object of its own; the memo is dropped with the cached
 * entity. Implementations must be thread-safe.
 */
public interface FeedWriter {

    /**
     * Writes {@code page} to {@code out}. Does not close {@code out}.
     *
     * @param page the page
     * @param out where the bytes go
     * @throws IOException if {@code out} fails
     */
    void write(FeedPage page, OutputStream out) throws IOException;

    /** @return the media type of what {@link #write} produces, such as {@code application/json} */
    default String contentType() {
        return "application/json";
    }
}
