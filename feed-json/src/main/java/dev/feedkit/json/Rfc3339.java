package dev.feedkit.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats instants as SPEC's {@code created_at}: RFC 3339 in UTC with {@code Z}, the fraction to
 * the microsecond with trailing zeros dropped and no fraction at all when it is zero, such as
 * {@code 2026-11-20T10:15:30.1234Z}.
 *
 * <p>Digits below the microsecond are truncated (PostgreSQL's {@code timestamptz} has none).
 * Years 0000 to 9999, the range RFC 3339 allows, are four digits, before 1970 included. Outside
 * it, the output follows {@link java.time.format.DateTimeFormatter#ISO_INSTANT} ({@code +10000-..},
 * {@code -0001-..}): still a valid JSON string, no longer RFC 3339.
 */
final class Rfc3339 {
    private static final int NANOS_PER_MICRO = 1000;
    private static final int FRACTION_DIGITS = 6;

    private Rfc3339() {
    }

    /**
     * Formats {@code t}.
     *
     * @param t the instant
     * @return the RFC 3339 text
     */
    static String format(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(27);
        year(sb, d.getYear());
        pad(sb.append('-'), d.getMonthValue(), 2);
        pad(sb.append('-'), d.getDayOfMonth(), 2);
        pad(sb.append('T'), d.getHour(), 2);
        pad(sb.append(':'), d.getMinute(), 2);
        pad(sb.append(':'), d.getSecond(), 2);
        fraction(sb, t.getNano() / NANOS_PER_MICRO);
        return sb.append('Z').toString();
    }

    private static void year(StringBuilder sb, int year) {
        if (year > 9999) {
            sb.append('+').append(year);
        } else if (year < 0) {
            pad(sb.append('-'), -year, 4);
        } else {
            pad(sb, year, 4);
        }
    }

    private static void fraction(StringBuilder sb, int micros) {
        if (micros == 0) {
            return;
        }
        int digits = FRACTION_DIGITS;
        while (micros % 10 == 0) {
            micros /= 10;
            digits--;
        }
        pad(sb.append('.'), micros, digits);
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }
}
