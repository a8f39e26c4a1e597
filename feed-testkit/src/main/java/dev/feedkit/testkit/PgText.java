package dev.feedkit.testkit;


/*
 * Why text is changed at all: PostgreSQL's text type cannot hold U+0000, and a UTF-8 database
 * cannot hold an unpaired surrogate (it has no UTF-8 encoding). Both become U+FFFD, the same
 * replacement the JSON output makes (docs/CONTRACT.md, JSON shape) for unpaired surrogates, so a page read back from
 * PostgreSQL shows what the JSON writer would have shown. Everything else is stored exactly.
 */

/** What PostgreSQL can store of a Java string, and the COPY text-format escaping of it. */
final class PgText {
    static final char REPLACEMENT = '\uFFFD';

    private PgText() {
    }

    /**
     * Returns {@code s} with U+0000 and unpaired surrogates replaced by U+FFFD; {@code s} itself
     * if it holds neither.
     */
    static String storable(String s) {
        if (s == null || isStorable(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(c == 0 || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return b.toString();
    }

    private static boolean isStorable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code s} (made storable) to a COPY text-format row, escaped; null as {@code \N}. */
    static void appendCopy(StringBuilder row, String s) {
        if (s == null) {
            row.append("\\N");
            return;
        }
        String t = storable(s);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '\\': row.append("\\\\"); break;
                case '\n': row.append("\\n"); break;
                case '\r': row.append("\\r"); break;
                case '\t': row.append("\\t"); break;
                default: row.append(c);
            }
        }
    }
}
