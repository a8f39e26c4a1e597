package dev.feedkit.bench;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonWriter;
import com.dslplatform.json.NumberConverter;
import dev.feedkit.examples.naive.NaivePage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/*
 * DSL-JSON's annotation processor generates, per class, a writer that emits pre-encoded
 * property names with writeAscii and values with writeString / NumberConverter. This is that
 * converter written by hand for NaivePage (records with renamed and omitted-when-null properties),
 * which runs reliably on Java 17 without a second annotation processor beside JMH's. One
 * JsonWriter is reused per thread, as DSL-JSON recommends.
 */

/** Writes a {@link NaivePage} with DSL-JSON 2.0.2's {@link JsonWriter}. Not thread-safe. */
public final class DslJsonPageWriter {
    private final JsonWriter w = new DslJson<Object>().newWriter(16 * 1024);

    /**
     * Writes {@code page} to {@code out} and flushes the writer's buffer into it.
     *
     * @param page the page
     * @param out where the bytes go
     * @throws IOException if {@code out} fails
     */
    public void write(NaivePage page, OutputStream out) throws IOException {
        w.reset(out);
        w.writeAscii("{\"items\":[");
        List<NaivePage.Item> items = page.items();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                w.writeByte(JsonWriter.COMMA);
            }
            item(items.get(i));
        }
        w.writeByte(JsonWriter.ARRAY_END);
        if (page.nextPage() != null) {
            w.writeAscii(",\"next_page\":");
            w.writeString(page.nextPage());
        }
        w.writeAscii(",\"seed\":");
        NumberConverter.serialize(page.seed(), w);
        w.writeByte(JsonWriter.OBJECT_END);
        w.flush();
    }

    private void item(NaivePage.Item it) {
        w.writeAscii("{\"id\":");
        w.writeString(it.id());
        w.writeAscii(",\"created_at\":");
        w.writeString(it.createdAt());
        w.writeAscii(",\"text\":");
        w.writeString(it.text());
        w.writeAscii(",\"author\":");
        author(it.author());
        w.writeAscii(",\"media\":[");
        for (int i = 0; i < it.media().size(); i++) {
            if (i > 0) {
                w.writeByte(JsonWriter.COMMA);
            }
            media(it.media().get(i));
        }
        w.writeAscii("],\"tags\":[");
        for (int i = 0; i < it.tags().size(); i++) {
            if (i > 0) {
                w.writeByte(JsonWriter.COMMA);
            }
            w.writeString(it.tags().get(i));
        }
        w.writeAscii("],\"stats\":{\"likes\":");
        NumberConverter.serialize(it.stats().likes(), w);
        w.writeAscii(",\"replies\":");
        NumberConverter.serialize(it.stats().replies(), w);
        w.writeAscii("}}");
    }

    private void author(NaivePage.Author a) {
        w.writeAscii("{\"id\":");
        w.writeString(a.id());
        w.writeAscii(",\"username\":");
        w.writeString(a.username());
        w.writeAscii(",\"display_name\":");
        w.writeString(a.displayName());
        if (a.avatarUrl() != null) {
            w.writeAscii(",\"avatar_url\":");
            w.writeString(a.avatarUrl());
        }
        w.writeAscii(a.verified() ? ",\"verified\":true" : ",\"verified\":false");
        w.writeAscii(a.viewer().following() ? ",\"viewer\":{\"following\":true" : ",\"viewer\":{\"following\":false");
        w.writeAscii(a.viewer().followedBy() ? ",\"followed_by\":true}}" : ",\"followed_by\":false}}");
    }

    private void media(NaivePage.Media m) {
        w.writeAscii("{\"kind\":");
        w.writeString(m.kind());
        w.writeAscii(",\"url\":");
        w.writeString(m.url());
        if (m.width() != null) {
            w.writeAscii(",\"width\":");
            NumberConverter.serialize(m.width().intValue(), w);
        }
        if (m.height() != null) {
            w.writeAscii(",\"height\":");
            NumberConverter.serialize(m.height().intValue(), w);
        }
        w.writeByte(JsonWriter.OBJECT_END);
    }
}
