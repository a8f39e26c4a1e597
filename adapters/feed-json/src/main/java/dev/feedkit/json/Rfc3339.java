package dev.feedkit.json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/*
 * Why not java.time: this runs once per post on a cold page, and LocalDateTime plus a padded
 * Integer.toString per field cost as much as escaping the post's text. The date comes from the
 * epoch day by Howard Hinnant's civil_from_days (days since 0000-03-01, in 400-year eras, so that
 * the leap day ends a year), and digits are written in pairs from a table. The tests sweep it
 * against java.time's own parse.
 */

/**
 * Formats instants as docs/CONTRACT.md's {@code created_at}: RFC 3339 in UTC with {@code Z}, the fraction to
 * the microsecond with trailing zeros dropped and no fraction at all when it is zero, such as
 * {@code 2026-11-20T10:15:30.1234Z}.
 *
 * <p>Digits below the microsecond are truncated (PostgreSQL's {@code timestamptz} has none).
 * Years 0000 to 9999, the range RFC 3339 allows, are four digits, before 1970 included. Outside
 * it, the output follows {@link java.time.format.DateTimeFormatter#ISO_INSTANT} ({@code +10000-..},
 * {@code -0001-..}): still a valid JSON string, no longer RFC 3339.
 */
final class Rfc3339 {
    /** The longest text: a signed ten-digit year ({@link Instant#MIN}) and six fraction digits. */
    static final int MAX_LENGTH = 34;

    private static final int SECONDS_PER_DAY = 86_400;
    private static final int DAYS_0000_03_01_TO_1970 = 719_468;
    private static final int DAYS_PER_ERA = 146_097;
    private static final int NANOS_PER_MICRO = 1000;
    private static final int FRACTION_DIGITS = 6;
    /** "00" to "99", two bytes each. */
    private static final byte[] PAIRS = pairs();

    private Rfc3339() {
    }

    /**
     * Formats {@code t}.
     *
     * @param t the instant
     * @return the RFC 3339 text
     */
    static String format(Instant t) {
        byte[] b = new byte[MAX_LENGTH];
        return new String(b, 0, write(t, b, 0), StandardCharsets.US_ASCII);
    }

    /**
     * Writes the text of {@code t} as ASCII bytes, without allocating.
     *
     * @param t the instant
     * @param b where the bytes go, with room for {@link #MAX_LENGTH} from {@code p}
     * @param p where they start
     * @return the index after the last byte written
     */
    static int write(Instant t, byte[] b, int p) {
        long z = Math.floorDiv(t.getEpochSecond(), SECONDS_PER_DAY) + DAYS_0000_03_01_TO_1970;
        int secondOfDay = Math.floorMod(t.getEpochSecond(), SECONDS_PER_DAY);
        long era = Math.floorDiv(z, DAYS_PER_ERA);
        int dayOfEra = (int) (z - era * DAYS_PER_ERA);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // from March 1
        int shiftedMonth = (5 * dayOfYear + 2) / 153; // 0 is March
        int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        p = year(b, p, era * 400 + yearOfEra + (month <= 2 ? 1 : 0));
        p = pair(b, sep(b, p, '-'), month);
        p = pair(b, sep(b, p, '-'), dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        p = pair(b, sep(b, p, 'T'), secondOfDay / 3600);
        p = pair(b, sep(b, p, ':'), secondOfDay / 60 % 60);
        p = pair(b, sep(b, p, ':'), secondOfDay % 60);
        p = fraction(b, p, t.getNano() / NANOS_PER_MICRO);
        return sep(b, p, 'Z');
    }

    private static int year(byte[] b, int p, long year) {
        if (year >= 0 && year <= 9999) {
            return pair(b, pair(b, p, (int) year / 100), (int) year % 100);
        }
        String digits = Long.toString(Math.abs(year)); // outside RFC 3339: rare enough to allocate
        b[p++] = (byte) (year > 0 ? '+' : '-');
        for (int i = digits.length(); i < 4; i++) {
            b[p++] = '0';
        }
        for (int i = 0; i < digits.length(); i++) {
            b[p++] = (byte) digits.charAt(i);
        }
        return p;
    }

    private static int fraction(byte[] b, int p, int micros) {
        if (micros == 0) {
            return p;
        }
        p = sep(b, p, '.');
        int end = p + FRACTION_DIGITS;
        p = pair(b, pair(b, pair(b, p, micros / 10_000), micros / 100 % 100), micros % 100);
        while (b[end - 1] == '0') {
            end--;
        }
        return end;
    }

    private static int sep(byte[] b, int p, char c) {
        b[p] = (byte) c;
        return p + 1;
    }

    /** Writes {@code v}, 0 to 99, as two digits. */
    private static int pair(byte[] b, int p, int v) {
        b[p] = PAIRS[2 * v];
        b[p + 1] = PAIRS[2 * v + 1];
        return p + 2;
    }

    private static byte[] pairs() {
        byte[] pairs = new byte[200];
        for (int v = 0; v < 100; v++) {
            pairs[2 * v] = (byte) ('0' + v / 10);
            pairs[2 * v + 1] = (byte) ('0' + v % 10);
        }
        return pairs;
    }
}
