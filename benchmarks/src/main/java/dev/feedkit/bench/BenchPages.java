package dev.feedkit.bench;

import dev.feedkit.Author;
import dev.feedkit.FeedItem;
import dev.feedkit.FeedPage;
import dev.feedkit.Media;
import dev.feedkit.Post;
import dev.feedkit.Relationship;
import dev.feedkit.examples.naive.NaivePage;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/*
 * The page every JSON benchmark writes: deterministic, shaped as docs/CONTRACT.md's JSON, with hostile text in every
 * string field (quotes, backslashes, control characters, U+2028/U+2029, emoji, non-Latin scripts,
 * a script-closing tag, unpaired surrogates) and bodies of tweet length. Authors repeat across
 * items as they do in real feeds. The same page is also given as a POJO graph (NaivePage, the
 * naive baseline's own classes) for databind and DSL-JSON; converting it is not measured.
 */

/** Builds the benchmark's hostile feed pages and their POJO twins. */
public final class BenchPages {
    private static final String[] HOSTILE = {
        "she said \"hi\" and left \\ back\\slash",
        "ctrl \u0001\u0002\u001f tab\t newline\n cr\r",
        "line\u2028separator and paragraph\u2029separator",
        "emoji \uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
        "lone high \uD800 then low \uDC00 end",
        "</script><script>alert('x')</script>",
        "caf\u00e9 na\u00efve \u65e5\u672c\u8a9e \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u0440\u0443\u0441\u0441\u043a\u0438\u0439",
        "plain ascii words about java performance and feeds, nothing special here at all",
    };
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private BenchPages() {
    }

    /**
     * Returns a page of {@code items} items.
     *
     * @param items 1..100
     * @return the page, with a next-page cursor
     */
    public static FeedPage page(int items) {
        List<FeedItem> list = new ArrayList<>(items);
        int authors = Math.max(1, items * 3 / 5);
        for (int i = 0; i < items; i++) {
            long authorId = 1000 + (i * 7L) % authors;
            list.add(new FeedItem(post(i, authorId), author(authorId), Relationship.ofBits(i % 4)));
        }
        return new FeedPage(list, "AQAAAAAAAAAqAAYAAAAAAAAAAAAAAAPoAAAAAAASlot2Zy1mZWVka2l0", 1234567L);
    }

    private static Post post(int i, long authorId) {
        StringBuilder body = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            body.append(HOSTILE[(i + k) % HOSTILE.length]).append(' ');
        }
        List<Media> media = new ArrayList<>();
        for (int m = 0; m < i % 3; m++) {
            media.add(new Media(Media.Kind.values()[m % 3], "https://cdn.example/m/" + (i * 10 + m) + ".jpg",
                    m == 1 ? null : 1080, m == 1 ? null : 1350));
        }
        List<String> tags = new ArrayList<>();
        for (int t = 0; t < i % 4; t++) {
            tags.add(t == 2 ? "t\u00e4g\"" + i : "tag" + t);
        }
        Instant created = Instant.parse("2026-11-20T10:15:30Z").minusMillis(i * 61_001L).plusNanos((i % 7) * 1000L);
        return new Post(100_000L + i, authorId, body.toString(), created, null, i * 13, i % 5, media, tags);
    }

    private static Author author(long id) {
        return new Author(id, "user_" + id, HOSTILE[(int) (id % HOSTILE.length)].substring(0, 12) + " " + id,
                id % 3 == 0 ? null : "https://cdn.example/a/" + id + ".jpg", id % 2 == 0);
    }

    /**
     * Returns {@code page} as the POJO graph that databind and DSL-JSON write: the same values,
     * timestamps formatted and unpaired surrogates replaced by U+FFFD as docs/CONTRACT.md asks.
     *
     * @param page the page
     * @return the POJO graph
     */
    public static NaivePage pojo(FeedPage page) {
        List<NaivePage.Item> items = new ArrayList<>(page.items().size());
        for (FeedItem it : page.items()) {
            Post p = it.post();
            Author a = it.author();
            List<NaivePage.Media> media = new ArrayList<>();
            for (Media m : p.media()) {
                media.add(new NaivePage.Media(m.kind().wire(), clean(m.url()), m.width(), m.height()));
            }
            List<String> tags = new ArrayList<>();
            p.tags().forEach(t -> tags.add(clean(t)));
            NaivePage.Author author = new NaivePage.Author(Long.toString(a.id()), clean(a.username()),
                    clean(a.displayName()), a.avatarUrl() == null ? null : clean(a.avatarUrl()), a.verified(),
                    new NaivePage.Viewer(it.viewer().following(), it.viewer().followedBy()));
            items.add(new NaivePage.Item(Long.toString(p.id()), timestamp(p.createdAt()), clean(p.body()), author,
                    media, tags, new NaivePage.Stats(p.likeCount(), p.replyCount())));
        }
        return new NaivePage(items, page.nextPage(), page.seed());
    }

    static String timestamp(Instant t) {
        String head = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC).format(SECONDS);
        int micros = t.getNano() / 1000;
        return micros == 0 ? head + "Z" : head + "." + String.format("%06d", micros).replaceAll("0+$", "") + "Z";
    }

    static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
