package dev.feedkit.json;

import dev.feedkit.Author;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedWriter;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import dev.feedkit.Rendered;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/*
 * Why it is built this way (docs/CONTRACT.md, "Why the cache entries carry rendered JSON"): a
 * plain streaming generator measured ~1.07x databind, and the reuse of each entity's rendered
 * bytes ~16x. So a post's and an author's viewer-independent
 * JSON is rendered once, by Fragments into a pooled JsonBuffer, and memoized in the entity's
 * Rendered slot under FORMAT_V1. An item is then four array copies:
 *
 *   post head   {"id":"981","created_at":"..","text":"..","author":
 *   author      {"id":"42","username":"..",..,"verified":true,"viewer":
 *   viewer      {"following":true,"followed_by":false}}      (one of four constants)
 *   post tail   ,"media":[..],"tags":[..],"stats":{"likes":10,"replies":2}}
 *
 * Entities are immutable and an invalidated entity is replaced by a new object with an empty slot,
 * so a memo can never show stale data. FORMAT_V1 is private: a future format gets a new object
 * and never reads these bytes. Memos are filled only by write, so a host that never writes JSON
 * pays nothing but the empty slot. Racing writers may both render an entity; both results are
 * equal and either may win the slot.
 *
 * Bytes go through a pooled Sink (see BufferPool) and reach the host's stream in buffer-sized
 * writes; the same Sink lends its scratch space to the entities rendered on the page. Per page, a
 * memoized write allocates nothing; the first write of an entity allocates the exact-size array
 * that the memo keeps. writeUnmemoized runs that same first-write code and only skips keeping the
 * memo, so its benchmark measures what a freshly loaded entity costs.
 *
 * Per-request fields (ItemFields) are the one part of an item that is not memoized: the post tail
 * is copied without its last byte (the item's closing brace, which every tail ends with), the
 * host's fields follow from a FieldSink over the page's scratch buffer, then the brace. The memo
 * is untouched, so one memo serves every viewer. Without ItemFields an item is the four copies
 * above and nothing else.
 */

/**
 * A {@link FeedWriter} that streams pages as the UTF-8 JSON of docs/CONTRACT.md, rendering each post's and author's
 * viewer-independent bytes once and reusing them on every later page. Thread-safe; create one per
 * process and share it.
 *
 * <pre>{@code
 * FeedAssembler feeds = FeedAssembler.newBuilder()
 *     .source(source)
 *     .store(store)
 *     .writer(JsonFeedWriter.create())
 *     .build();
 * }</pre>
 *
 * <p>The output is always valid JSON: control characters, quotes and backslashes are escaped,
 * U+2028 and U+2029 are written as {@code \u2028} and {@code \u2029} so that the output is also
 * safe inside JavaScript, and unpaired surrogates are replaced by U+FFFD. Ids are strings, counts
 * numbers; a null {@code avatar_url}, {@code width} or {@code height} is omitted; {@code next_page}
 * is omitted on the last page. Host fields ({@link Post#extra()}, {@link Author#extra()}) are
 * written as {@code "extra"} after the item's {@code "stats"} and after the author's
 * {@code "verified"}, and omitted when absent. Fields computed per request are added by an
 * {@link ItemFields} given to {@link #create(ItemFields)}.
 */
public final class JsonFeedWriter implements FeedWriter {
    /** The identity of this writer's memoized bytes; bump to FORMAT_V2 on any change of output. */
    private static final Object FORMAT_V1 = new Object();

    static final int BUFFER_SIZE = 16 * 1024;

    private static final byte[] PAGE_OPEN = ascii("{\"items\":[");
    private static final byte[] ITEMS_CLOSE = ascii("]");
    private static final byte[] NEXT_PAGE = ascii(",\"next_page\":");
    private static final byte[] SEED = ascii(",\"seed\":");
    private static final byte[] VIEWER_FOLLOWING = ascii("{\"following\":true,\"followed_by\":false}}");
    private static final byte[] VIEWER_FOLLOWED_BY = ascii("{\"following\":false,\"followed_by\":true}}");
    private static final byte[] VIEWER_BOTH = ascii("{\"following\":true,\"followed_by\":true}}");
    private static final byte[] VIEWER_NEITHER = ascii("{\"following\":false,\"followed_by\":false}}");

    private final ItemFields fields;
    private final BufferPool<Sink> sinks = new BufferPool<>(
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), () -> new Sink(BUFFER_SIZE));

    private JsonFeedWriter(ItemFields fields) {
        this.fields = fields;
    }

    /**
     * Returns a writer of the JSON format of docs/CONTRACT.md.
     *
     * @return a new writer
     */
    public static JsonFeedWriter create() {
        return new JsonFeedWriter(null);
    }

    /**
     * Returns a writer of the JSON format of docs/CONTRACT.md that adds the fields of
     * {@code fields}, computed per request, to every item written by
     * {@link #write(FeedRequest, FeedPage, OutputStream)}.
     *
     * @param fields the host's per-request fields
     * @return a new writer
     * @throws NullPointerException if {@code fields} is null
     */
    public static JsonFeedWriter create(ItemFields fields) {
        return new JsonFeedWriter(Objects.requireNonNull(fields, "fields"));
    }

    /**
     * Writes {@code page} to {@code out} as UTF-8 JSON, then flushes {@code out}; does not close it.
     * Fills the memo of each post and author that has none.
     *
     * @param page the page
     * @param out where the bytes go
     * @throws IOException if {@code out} fails; part of the page may have been written
     * @throws NullPointerException if {@code page} or {@code out} is null
     */
    @Override
    public void write(FeedPage page, OutputStream out) throws IOException {
        write(null, page, out, true);
    }

    /**
     * Writes {@code page} as {@link #write(FeedPage, OutputStream)} does, adding to each item the
     * fields of this writer's {@link ItemFields} for {@code request}, if it has one.
     *
     * @param request the request the page answers
     * @param page the page
     * @param out where the bytes go
     * @throws IOException if {@code out} fails; part of the page may have been written
     * @throws NullPointerException if an argument is null
     */
    @Override
    public void write(FeedRequest request, FeedPage page, OutputStream out) throws IOException {
        write(Objects.requireNonNull(request, "request"), page, out, true);
    }

    /**
     * Writes {@code page} exactly as {@link #write} does, but renders every entity afresh and
     * memoizes nothing: the baseline that benchmarks compare the memo against.
     */
    void writeUnmemoized(FeedPage page, OutputStream out) throws IOException {
        write(null, page, out, false);
    }

    /** @return the pool of sinks, for tests */
    BufferPool<Sink> buffers() {
        return sinks;
    }

    /** @return what this format memoized on {@code entity}, or {@code null}, for tests */
    static Object memo(Rendered entity) {
        return entity.rendered(FORMAT_V1);
    }

    // ---- page framing -----------------------------------------------------------------------

    private void write(FeedRequest request, FeedPage page, OutputStream out, boolean memoize) throws IOException {
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(out, "out");
        Sink sink = sinks.acquire().open(out);
        try {
            FieldSink perRequest = fields != null && request != null ? new FieldSink(sink.scratch()) : null;
            writeItems(request, page.items(), sink, perRequest, memoize);
            if (page.hasNextPage()) {
                sink.write(NEXT_PAGE);
                writeCursor(page.nextPage(), sink);
            }
            sink.write(SEED);
            sink.writeDecimal(page.seed());
            sink.write('}');
            sink.finish();
        } finally {
            sink.close();
            sinks.release(sink);
        }
    }

    private void writeItems(FeedRequest request, List<FeedItem> items, Sink sink, FieldSink perRequest,
            boolean memoize) throws IOException {
        sink.write(PAGE_OPEN);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sink.write(',');
            }
            writeItem(items.get(i), sink, memoize, perRequest != null);
            if (perRequest != null) {
                writeFields(request, items.get(i), sink, perRequest);
            }
        }
        sink.write(ITEMS_CLOSE);
    }

    /** Writes the memoized item; with per-request fields to follow, without its closing brace. */
    private void writeItem(FeedItem item, Sink sink, boolean memoize, boolean open) throws IOException {
        PostBytes post = rendered(item.post(), sink, memoize);
        sink.write(post.bytes, 0, post.split);
        sink.write(rendered(item.author(), sink, memoize));
        sink.write(viewer(item.viewer()));
        sink.write(post.bytes, post.split, post.bytes.length - post.split - (open ? 1 : 0));
    }

    /** Appends the host's fields of {@code item} and the item's closing brace. */
    private void writeFields(FeedRequest request, FeedItem item, Sink sink, FieldSink perRequest) throws IOException {
        perRequest.begin();
        fields.write(request, item, perRequest);
        perRequest.buffer().writeTo(sink);
        sink.write('}');
    }

    /** Cursors are URL-safe by the contract (docs/CONTRACT.md, Cursor), so they are copied as they are unless they would need escaping. */
    private void writeCursor(String cursor, Sink sink) throws IOException {
        if (!isPlainAscii(cursor)) {
            JsonBuffer scratch = sink.scratch();
            scratch.reset();
            scratch.string(cursor);
            scratch.writeTo(sink);
            return;
        }
        sink.write('"');
        sink.writeAscii(cursor);
        sink.write('"');
    }

    // ---- memo -------------------------------------------------------------------------------

    private static PostBytes rendered(Post post, Sink sink, boolean memoize) {
        Object memo = memoize ? post.rendered(FORMAT_V1) : null;
        if (memo != null) {
            return (PostBytes) memo; // only this class stores under the private FORMAT_V1
        }
        PostBytes rendered = Fragments.post(post, sink.scratch());
        if (memoize) {
            post.rendered(FORMAT_V1, rendered);
        }
        return rendered;
    }

    private static byte[] rendered(Author author, Sink sink, boolean memoize) {
        Object memo = memoize ? author.rendered(FORMAT_V1) : null;
        if (memo != null) {
            return (byte[]) memo;
        }
        byte[] rendered = Fragments.author(author, sink.scratch());
        if (memoize) {
            author.rendered(FORMAT_V1, rendered);
        }
        return rendered;
    }

    // ---- constants --------------------------------------------------------------------------

    private static byte[] viewer(Relationship r) {
        if (r.following()) {
            return r.followedBy() ? VIEWER_BOTH : VIEWER_FOLLOWING;
        }
        return r.followedBy() ? VIEWER_FOLLOWED_BY : VIEWER_NEITHER;
    }

    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
