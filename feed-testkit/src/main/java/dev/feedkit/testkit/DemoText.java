package dev.feedkit.testkit;

import dev.feedkit.Media;

import java.util.Arrays;
import java.util.List;

/**
 * The text of demo data: usernames, display names, and each post's body, media and tags, which
 * are a pure function of the seed and the post id so that {@link DemoData} need not store them.
 */
final class DemoText {
    private static final int HOSTILE_BODY_PERCENT = 20;
    private static final int HOSTILE_NAME_PERCENT = 3;
    private static final int HOSTILE_TAG_PERCENT = 4;
    private static final int LONG_TEXT_CHARS = 20_000;

    private static final String[] FIRST = {
        "Ada", "Alan", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Frances", "John",
        "Radia", "Edsger", "Karen", "Donald", "Hedy", "Niklaus", "Sophie", "Tim", "Shafi", "Guido",
        "Zoë", "José", "Łukasz", "Chloé", "Björn", "Anaïs", "Søren", "Mei", "Aiko", "Ngozi",
    };
    private static final String[] LAST = {
        "Lovelace", "Turing", "Hopper", "Torvalds", "Liskov", "Thompson", "Hamilton", "Ritchie", "Allen",
        "McCarthy", "Perlman", "Dijkstra", "Jones", "Knuth", "Lamarr", "Wirth", "Wilson", "Berners-Lee",
        "Goldwasser", "van Rossum", "Müller", "García", "Nowak", "Dubois", "Andersson", "O'Brien",
    };
    private static final String[] WORDS = {
        "the", "a", "feed", "cache", "latency", "today", "coffee", "shipped", "release", "bug", "fixed",
        "java", "postgres", "redis", "page", "cursor", "great", "talk", "about", "why", "how", "we",
        "finally", "benchmark", "heap", "thread", "pool", "query", "index", "plan", "deploy", "friday",
        "weekend", "music", "photo", "hike", "city", "night", "morning", "read", "book", "new", "old",
        "fast", "slow", "really", "never", "always", "think", "love", "hate", "with", "without", "and",
    };
    private static final String[] TAGS = {
        "art", "books", "cats", "climbing", "coffee", "cooking", "databases", "design", "dogs", "film",
        "food", "gaming", "garden", "hiking", "history", "java", "jvm", "linux", "math", "music",
        "news", "opensource", "perf", "photo", "physics", "poetry", "postgres", "redis", "running",
        "science", "space", "sports", "tea", "travel", "weather", "work",
    };
    private static final char NUL = 0;
    /** Each holds at least one thing a careless writer gets wrong. */
    private static final String[] HOSTILE = {
        "\"double\" and 'single' quotes",
        "back\\slash and \\u0041 that is not an escape \\",
        "nul" + NUL + "byte",
        "controls \u0001\u0008\u000b\u000c\u001f\u007f\u0085",
        "tab\there, newline\nthere, return\rthere",
        "line\u2028separator",
        "paragraph\u2029separator",
        "emoji \uD83D\uDE00\uD83C\uDF89\uD83D\uDC4D\uD83C\uDFFD and flags \uD83C\uDDEB\uD83C\uDDF7",
        "lone high \uD83D here",
        "lone low \uDE00 here",
        "\uD83D",
        "\uDC00",
        // Markup that would run in a page that put text through the HTML parser (the demo page's
        // browser test checks that window.__pwned stays undefined and no dialog opens).
        "</script><script>window.__pwned=1;alert(1)</script>",
        "<b>&amp;</b> & < > = <img src=x onerror=\"window.__pwned=2;alert(2)\">",
        "bom \uFEFF zero\u200Bwidth",
        "mixed 中文 العربية עברית русский ℃",
        "{\"json\": [1, 2, {\"nested\": null}]}",
    };
    /** ASCII and BMP below the surrogates only, so that Java's order and PostgreSQL's COLLATE "C" agree. */
    private static final String[] HOSTILE_TAGS = {
        "<img src=x onerror=window.__pwned=3>",
        "</script>",
        "\"quoted\" 'tag'",
        "line\u2028separator",
    };
    private static final String[] EXT = {".jpg", ".mp4", ".gif"};
    private static final int[][] SIZES = {{1080, 1350}, {1080, 1080}, {1920, 1080}, {720, 1280}, {640, 480}};

    private static final int POST_EXTRA_PERCENT = 15;
    private static final int USER_EXTRA_PERCENT = 10;
    /** Hostile text that a JSON string in PostgreSQL's jsonb can hold (no U+0000, no lone surrogate). */
    private static final String[] EXTRA_TEXT = {
        "\"quoted\" and back\\slash \\u0041",
        "</script><script>alert(1)</script>",
        "line\u2028separator and paragraph\u2029separator",
        "emoji \uD83D\uDE00\uD83C\uDF89 and 中文 العربية",
        "tab\there, newline\nthere, return\rthere",
        "controls \u0001\u0008\u000c\u001f\u007f",
        "{\"json\": [1, 2]} in a string",
        "plain words",
    };

    /** What a post's id and the seed determine; {@code extra} is null for most posts. */
    record PostContent(String body, List<Media> media, List<String> tags, String extra) {
    }

    private DemoText() {
    }

    static String username(long id, DemoRandom r) {
        String first = FIRST[r.nextInt(FIRST.length)];
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < first.length() && sb.length() < 8; i++) {
            char c = first.charAt(i);
            if (c < 128 && Character.isLetter(c)) {
                sb.append(Character.toLowerCase(c));
            }
        }
        // The id in base 36 makes the handle unique.
        return sb.append('_').append(Long.toString(id, 36)).toString();
    }

    static String displayName(DemoRandom r) {
        String name = FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)];
        if (!r.percent(HOSTILE_NAME_PERCENT)) {
            return name;
        }
        String bad = HOSTILE[r.nextInt(HOSTILE.length)];
        return r.nextInt(2) == 0 ? bad + " " + name : name + " " + bad;
    }

    static PostContent postContent(long seed, long postId) {
        DemoRandom r = new DemoRandom(DemoRandom.mix(seed * 0x9E3779B97F4A7C15L + postId));
        String body = r.percent(HOSTILE_BODY_PERCENT) ? hostileBody(r) : plainBody(r);
        List<Media> media = media(r, postId);
        List<String> tags = tags(r);
        return new PostContent(body, media, tags, r.percent(POST_EXTRA_PERCENT) ? postExtra(r, postId) : null);
    }

    /**
     * A user's host fields, a pure function of the seed and the user id (its own stream, so the
     * rest of the data is what it was before users had them), or null for most users.
     */
    static String userExtra(long seed, long userId) {
        DemoRandom r = new DemoRandom(DemoRandom.mix(seed * 0xC2B2AE3D27D4EB4FL + userId));
        if (!r.percent(USER_EXTRA_PERCENT)) {
            return null;
        }
        StringBuilder sb = new StringBuilder(96);
        switch (r.nextInt(3)) {
            case 0:
                sb.append("{\"badge\": ");
                jsonString(sb, EXTRA_TEXT[r.nextInt(EXTRA_TEXT.length)]);
                return sb.append(", \"pronouns\": \"they/them\"}").toString();
            case 1:
                return sb.append("{\"links\": [\"https://example.com/u/").append(userId).append("\"]}").toString();
            default:
                return "{}";
        }
    }

    /*
     * Host fields are written as PostgreSQL's jsonb prints them (keys shorter first, then in byte
     * order; ", " and ": " between; only '"', '\\' and controls escaped, the latter as \\b \\f \\n
     * \\r \\t or lower-case \\u00xx), so that they read back from a jsonb column exactly as
     * generated and every store of the contract suite returns the same text.
     */
    private static String postExtra(DemoRandom r, long postId) {
        StringBuilder sb = new StringBuilder(128);
        String text = EXTRA_TEXT[r.nextInt(EXTRA_TEXT.length)];
        switch (r.nextInt(4)) {
            case 0:
                sb.append("{\"poll\": {\"options\": [\"yes\", \"no\", ");
                jsonString(sb, text);
                return sb.append("], \"closes_at\": \"2026-11-08T00:00:00Z\"}}").toString();
            case 1:
                sb.append("{\"link\": {\"url\": \"https://example.com/p/").append(postId).append("?a=1&b=2\", \"title\": ");
                jsonString(sb, text);
                return sb.append("}}").toString();
            case 2:
                sb.append("{\"mood\": \"happy\", \"wishes\": [");
                jsonString(sb, text);
                return sb.append(", \"more tests\"]}").toString();
            default:
                return sb.append("{\"score\": 0.5, \"nested\": {\"ok\": true, \"deep\": [1, -2, {\"x\": null}]}}")
                        .toString();
        }
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private static String plainBody(DemoRandom r) {
        StringBuilder sb = new StringBuilder(120);
        words(sb, r, 4 + r.nextInt(21));
        if (r.percent(20)) {
            sb.append(" #").append(TAGS[r.nextInt(TAGS.length)]);
        }
        return sb.toString();
    }

    private static String hostileBody(DemoRandom r) {
        StringBuilder sb = new StringBuilder(160);
        int target = r.percent(1) ? LONG_TEXT_CHARS : 0;
        do {
            for (int f = 1 + r.nextInt(4); f > 0; f--) {
                words(sb, r, r.nextInt(6));
                sb.append(' ').append(HOSTILE[r.nextInt(HOSTILE.length)]);
            }
        } while (sb.length() < target);
        // Sometimes the text ends right after a lone high surrogate, the hardest case for a writer.
        if (r.percent(10)) {
            sb.append('\uD83D');
        }
        return sb.toString();
    }

    private static void words(StringBuilder sb, DemoRandom r, int count) {
        for (int i = 0; i < count; i++) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
    }

    private static List<Media> media(DemoRandom r, long postId) {
        int count = r.percent(50) ? 0 : 1 + r.nextInt(4);
        Media[] media = new Media[count];
        for (int pos = 0; pos < count; pos++) {
            int k = r.nextInt(10);
            Media.Kind kind = k < 7 ? Media.Kind.IMAGE : k < 9 ? Media.Kind.VIDEO : Media.Kind.GIF;
            String url = "https://cdn.example/m/" + postId + "/" + pos + EXT[kind.ordinal()];
            int[] size = SIZES[r.nextInt(SIZES.length)];
            int known = r.nextInt(20);
            Integer width = known == 0 ? null : size[0];
            Integer height = known <= 1 ? null : size[1];
            media[pos] = new Media(kind, url, width, height);
        }
        return List.of(media);
    }

    /**
     * 0-5 distinct tags in ascending order, the order a database returns them in; a few posts with
     * fewer than five get one hostile tag too (drawn last, so the other tags do not depend on it).
     */
    private static List<String> tags(DemoRandom r) {
        int count = r.nextInt(6);
        String[] tags = new String[count + 1];
        int got = 0;
        while (got < count) {
            String t = TAGS[r.nextInt(TAGS.length)];
            if (!contains(tags, got, t)) {
                tags[got++] = t;
            }
        }
        if (r.percent(HOSTILE_TAG_PERCENT) && count < 5) {
            tags[got++] = HOSTILE_TAGS[r.nextInt(HOSTILE_TAGS.length)];
        }
        String[] sorted = Arrays.copyOf(tags, got);
        Arrays.sort(sorted);
        return List.of(sorted);
    }

    private static boolean contains(String[] a, int n, String s) {
        for (int i = 0; i < n; i++) {
            if (a[i].equals(s)) {
                return true;
            }
        }
        return false;
    }
}
