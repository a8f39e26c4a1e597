package dev.feedkit.json;

import dev.feedkit.FeedItem;
import dev.feedkit.FeedRequest;

/**
 * Adds fields computed per request to each item that a {@link JsonFeedWriter} writes, such as
 * whether the viewer liked the post. Stable contract.
 *
 * <p>The fields are appended after the item's memoized, viewer-independent bytes and before its
 * closing brace, so they never enter the memo and may differ on every request:
 * <pre>{@code {"id":"981",..,"stats":{..},"extra":{..},"liked":true}}</pre>
 * Called once per item, in page order, on the thread that writes the page, and only through
 * {@link JsonFeedWriter#write(FeedRequest, dev.feedkit.FeedPage, java.io.OutputStream)} (which
 * {@code FeedAssembler.write} calls); a page written without its request gets no such fields.
 * It should be fast and must not block: a host looks its answers up for the whole page first
 * (from {@code page.items()}) and only reads them here. An exception it throws ends the write,
 * after part of the page may have been written.
 */
@FunctionalInterface
public interface ItemFields {

    /**
     * Writes this request's fields of {@code item} to {@code fields}.
     *
     * @param request the request the page answers (its viewer is {@link FeedRequest#viewerId()})
     * @param item the item being written
     * @param fields where the fields go; valid only during this call
     */
    void write(FeedRequest request, FeedItem item, FieldSink fields);
}
