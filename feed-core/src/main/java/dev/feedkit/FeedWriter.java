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

    /**
     * Writes {@code page}, assembled for {@code request}, to {@code out}: what
     * {@link FeedAssembler#write} calls, so that a writer can add fields computed per request (such
     * as whether the viewer liked each post) beside the memoized ones. Does not close {@code out}.
     * The default ignores the request and calls {@link #write(FeedPage, OutputStream)}.
     *
     * @param request the request the page answers
     * @param page the page
     * @param out where the bytes go
     * @throws IOException if {@code out} fails
     */
    default void write(FeedRequest request, FeedPage page, OutputStream out) throws IOException {
        write(page, out);
    }

    /** @return the media type of what {@link #write} produces, such as {@code application/json} */
    default String contentType() {
        return "application/json";
    }
}
