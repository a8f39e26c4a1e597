package dev.feedkit.jdbc;

import dev.feedkit.Keyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;

/*
 * Why timestamps are read here and not by pgjdbc: getObject(column, OffsetDateTime.class) goes
 * through a String, a ParsedTimestamp, a LocalDate, LocalTime and LocalDateTime, an OffsetDateTime
 * and its ZoneRules, a few hundred bytes per value, and a cold page reads 41 of them (21
 * candidates, 20 posts). The values are regular, so they are read from the row's own bytes
 * (ResultSet.getBytes hands them over uncopied) straight into microseconds.
 *
 * A timestamptz column arrives in one of two forms. Text, with pgjdbc's DateStyle ISO:
 * "2026-11-20 10:15:30.123456+00", the fraction 0 to 6 digits, the offset of the session's
 * TimeZone as +HH, +HH:MM or +HH:MM:SS. Or binary, 8 bytes of microseconds since 2000-01-01 UTC,
 * when pgjdbc has described the statement and asked for binary results (the keyset query, once it
 * is a named statement). A text value is never 8 bytes long except "infinity". Anything this does
 * not read exactly (infinity, BC dates, years past 9999, a malformed value) goes to pgjdbc.
 */

/** Reads timestamptz columns into microseconds since the epoch without pgjdbc's date objects. */
final class PgTime {
    /** What {@link #micros(byte[])} returns for a value it leaves to pgjdbc. */
    static final long UNREAD = Long.MIN_VALUE;

    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final long DAYS_0000_TO_1970 = 719_528L;
    private static final int[] SCALE = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    private static final byte[] INFINITY = {'i', 'n', 'f', 'i', 'n', 'i', 't', 'y'};

    private PgTime() {
    }

    /** Returns the column as an instant, {@code null} for SQL NULL. */
    static Instant instant(ResultSet rs, int column) throws SQLException {
        byte[] raw = rs.getBytes(column);
        if (raw == null) {
            return null;
        }
        long micros = micros(raw);
        if (micros != UNREAD) {
            return Keyset.instant(micros);
        }
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /**
     * Returns the column in microseconds since the epoch.
     *
     * @throws SQLException if the column is SQL NULL
     */
    static long micros(ResultSet rs, int column) throws SQLException {
        byte[] raw = rs.getBytes(column);
        long micros = raw == null ? UNREAD : micros(raw);
        if (micros != UNREAD) {
            return micros;
        }
        Instant t = instant(rs, column);
        if (t == null) {
            throw new SQLException("timestamptz column " + column + " is NULL where a value is required");
        }
        return Keyset.micros(t);
    }

    /** Returns a text or binary timestamptz in microseconds since the epoch, or {@link #UNREAD}. */
    static long micros(byte[] raw) {
        if (raw.length == 8) {
            return Arrays.equals(raw, INFINITY) ? UNREAD : binary(raw);
        }
        return text(raw);
    }

    private static long binary(byte[] raw) {
        long v = 0;
        for (byte b : raw) {
            v = v << 8 | (b & 0xFF);
        }
        return v == Long.MAX_VALUE || v == Long.MIN_VALUE ? UNREAD : v + POSTGRES_EPOCH_MICROS;
    }

    private static long text(byte[] t) {
        int n = t.length;
        if (n < 22 || t[4] != '-' || t[7] != '-' || t[10] != ' ' || t[13] != ':' || t[16] != ':') {
            return UNREAD;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return UNREAD;
        }
        int i = 19;
        long fraction = 0;
        if (t[i] == '.') {
            int start = ++i;
            while (i < n && t[i] >= '0' && t[i] <= '9') {
                i++;
            }
            int length = i - start;
            if (length < 1 || length > 6) {
                return UNREAD;
            }
            fraction = (long) digits(t, start, length) * SCALE[6 - length];
        }
        int offset = offsetSeconds(t, i);
        if (offset == Integer.MIN_VALUE) {
            return UNREAD;
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second - offset;
        return seconds * 1_000_000L + fraction;
    }

    /** Reads "+HH", "+HH:MM" or "+HH:MM:SS" that ends the value; {@code Integer.MIN_VALUE} if it does not. */
    private static int offsetSeconds(byte[] t, int i) {
        if (i + 3 > t.length || t[i] != '+' && t[i] != '-') {
            return Integer.MIN_VALUE;
        }
        int sign = t[i] == '-' ? -1 : 1;
        int seconds = 0;
        int unit = 3_600;
        for (i++; unit >= 1; unit /= 60) {
            int v = i + 2 <= t.length ? digits(t, i, 2) : -1;
            if (v < 0 || v > 59) {
                return Integer.MIN_VALUE;
            }
            seconds += v * unit;
            i += 2;
            if (i == t.length) {
                return sign * seconds;
            }
            if (t[i] != ':') {
                return Integer.MIN_VALUE;
            }
            i++;
        }
        return Integer.MIN_VALUE;
    }

    /** The unsigned decimal in {@code t[at, at + length)}, or -1 if it holds a non-digit. */
    private static int digits(byte[] t, int at, int length) {
        int v = 0;
        for (int i = at; i < at + length; i++) {
            int d = t[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date, as LocalDate.toEpochDay computes them.
     * The day is not checked against its month: PostgreSQL prints only dates that exist.
     */
    private static long epochDay(long year, int month, int day) {
        long total = 365 * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
        total += (367 * month - 362) / 12 + day - 1;
        if (month > 2) {
            total--;
            if (!isLeap(year)) {
                total--;
            }
        }
        return total - DAYS_0000_TO_1970;
    }

    private static boolean isLeap(long year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }
}
