package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.InMemoryFeedStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** What {@code /readyz} reports, against the real PostgreSQL and a port where nothing listens. */
final class ReadinessTest {

    @Test
    void postgres_that_answers_is_ready() throws Exception {
        try (Readiness r = Readiness.of(JdbcFeedStore.of(dataSource(5432)), List.of())) {
            assertThat(r.currentProbe().get(10, TimeUnit.SECONDS)).isEqualTo("up");
            Readiness.Report report = r.report();

            assertThat(report.ready()).isTrue();
            assertThat(json(report)).isEqualTo("{\"status\":\"ready\",\"store\":\"up\",\"l2\":\"none\"}");
        }
    }

    @Test
    void postgres_that_refuses_is_not_ready_and_says_only_down() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Readiness r = Readiness.of(JdbcFeedStore.of(dataSource(closedPort)), List.of())) {
            Readiness.Report report = r.report();

            assertThat(report.ready()).isFalse();
            assertThat(json(report)).matches("\\{\"status\":\"not_ready\",\"store\":\"(down|timeout)\",\"l2\":\"none\"}");
        }
    }

    @Test
    void in_memory_store_is_always_ready() {
        InMemoryFeedStore store = InMemoryFeedStore.of(DemoData.newBuilder().users(100).posts(100).meanFollows(5).seed(1).build());
        try (Readiness r = Readiness.of(store, List.of())) {
            assertThat(json(r.report())).isEqualTo("{\"status\":\"ready\",\"store\":\"in_memory\",\"l2\":\"none\"}");
        }
    }

    private static PGSimpleDataSource dataSource(int port) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("test");
        ds.setUser("postgres");
        ds.setConnectTimeout(1);
        ds.setSslMode("disable");
        return ds;
    }

    private static String json(Readiness.Report report) {
        return new String(report.json(), StandardCharsets.UTF_8);
    }
}
