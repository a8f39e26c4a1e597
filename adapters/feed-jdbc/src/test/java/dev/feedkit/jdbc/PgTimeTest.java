package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.Keyset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

final class PgTimeTest {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    @Property(tries = 2000)
    void text_in_any_offset_reads_as_the_same_instant(
            @ForAll @LongRange(min = -62_135_596_800_000_000L, max = 253_402_300_799_999_999L) long micros,
            @ForAll @IntRange(min = -15 * 3600 - 3599, max = 15 * 3600 + 3599) int offsetSeconds,
            @ForAll @IntRange(min = 0, max = 2) int offsetStyle) {
        int offset = offsetStyle == 0 ? offsetSeconds / 3600 * 3600
                : offsetStyle == 1 ? offsetSeconds / 60 * 60 : offsetSeconds;
        OffsetDateTime t = Keyset.instant(micros).atOffset(ZoneOffset.ofTotalSeconds(offset));
        if (t.getYear() < 1 || t.getYear() > 9999) {
            return; // printed with BC or more digits: left to pgjdbc
        }
        assertThat(PgTime.micros(bytes(postgresText(t)))).isEqualTo(micros);
    }

    @Property(tries = 500)
    void binary_reads_as_the_same_instant(@ForAll @LongRange(min = -210_000_000_000_000_000L,
            max = 9_000_000_000_000_000_000L) long micros) {
        long sincePostgresEpoch = micros - 946_684_800_000_000L;
        byte[] raw = new byte[8];
        for (int i = 0; i < 8; i++) {
            raw[i] = (byte) (sincePostgresEpoch >>> (56 - 8 * i));
        }
        assertThat(PgTime.micros(raw)).isEqualTo(Arrays.equals(raw, bytes("infinity")) ? PgTime.UNREAD : micros);
    }

    @Test
    void what_it_does_not_read_exactly_is_left_to_pgjdbc() {
        for (String s : List.of("infinity", "-infinity", "0044-03-15 12:00:00+00 BC", "12026-01-01 00:00:00+00",
                "2026-11-20 10:15:30.1234567+00", "2026-11-20 10:15:30.+00", "2026-11-20 10:15:30", "2026-11-20T10:15:30+00",
                "2026-13-20 10:15:30+00", "2026-11-20 24:15:30+00", "2026-11-20 10:15:30+00:", "2026-11-20 10:15:30+0",
                "2026-11-20 10:15:30+00:00:00:00", "2026-11-20 10:15:30 +00", "2026-1a-20 10:15:30+00")) {
            assertThat(PgTime.micros(bytes(s))).as(s).isEqualTo(PgTime.UNREAD);
        }
    }

    @Test
    void reads_what_postgresql_sends_in_text_and_binary_as_pgjdbc_does_in_several_time_zones() throws SQLException {
        String url;
        try (TestDb db = TestDb.create()) { // skips, or fails under CI, without PostgreSQL
            url = db.url;
        }
        String values = "SELECT v FROM (VALUES (now()), ('2026-11-20 10:15:30.123456+00'::timestamptz),"
                + " ('1900-01-01 00:00:00+00'::timestamptz), ('0001-01-01 00:00:00+00'::timestamptz),"
                + " ('9999-12-31 23:59:59.999999+00'::timestamptz), ('1969-12-31 23:59:59.5+00'::timestamptz),"
                + " ('infinity'::timestamptz), ('-infinity'::timestamptz), ('0044-03-15 12:00:00+00 BC'::timestamptz),"
                + " (NULL::timestamptz)) x(v)";
        for (String zone : List.of("UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Amsterdam", "Pacific/Chatham")) {
            for (String threshold : List.of("5", "-1")) { // -1: binary transfer from the first execution
                PGSimpleDataSource ds = (PGSimpleDataSource) TestDb.simpleDataSource(url);
                ds.setPrepareThreshold(Integer.parseInt(threshold));
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("SET TimeZone = '" + zone + "'");
                    try (PreparedStatement ps = c.prepareStatement(values); ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            OffsetDateTime expected = rs.getObject(1, OffsetDateTime.class);
                            Instant got = PgTime.instant(rs, 1);
                            if (expected == null) {
                                assertThat(got).isNull();
                            } else if (expected.equals(OffsetDateTime.MAX) || expected.equals(OffsetDateTime.MIN)) {
                                assertThat(got).isEqualTo(expected.toInstant());
                            } else {
                                assertThat(got).as(zone + " " + threshold).isEqualTo(expected.toInstant());
                                assertThat(PgTime.micros(rs, 1)).isEqualTo(Keyset.micros(expected.toInstant()));
                            }
                        }
                    }
                }
            }
        }
    }

    /** Formats as PostgreSQL prints a timestamptz with DateStyle ISO. */
    private static String postgresText(OffsetDateTime t) {
        StringBuilder b = new StringBuilder(LocalDateTime.from(t).format(SECONDS));
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            b.append('.').append(String.format("%06d", micros).replaceAll("0+$", ""));
        }
        int o = t.getOffset().getTotalSeconds();
        int a = Math.abs(o);
        b.append(o < 0 ? '-' : '+').append(String.format("%02d", a / 3600));
        if (a % 3600 != 0) {
            b.append(':').append(String.format("%02d", a % 3600 / 60));
            if (a % 60 != 0) {
                b.append(':').append(String.format("%02d", a % 60));
            }
        }
        return b.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
