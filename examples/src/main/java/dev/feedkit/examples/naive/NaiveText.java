package dev.feedkit.examples.naive;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The two text rules the JSON of docs/CONTRACT.md needs that databind does not apply by itself. */
final class NaiveText {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private NaiveText() {
    }

    /** RFC 3339 in UTC, microsecond fraction with trailing zeros dropped, none when zero. */
    static String timestamp(Instant t) {
        String head = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC).format(SECONDS);
        int micros = t.getNano() / 1000;
        if (micros == 0) {
            return head + "Z";
        }
        String fraction = String.format("%06d", micros).replaceAll("0+$", "");
        return head + "." + fraction + "Z";
    }

    /** Replaces unpaired surrogates by U+FFFD, as docs/CONTRACT.md asks (databind would fail on them). */
    static String text(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                out = out != null ? out : new StringBuilder(s);
                out.setCharAt(i, '\uFFFD');
            }
        }
        return out == null ? s : out.toString();
    }
}
