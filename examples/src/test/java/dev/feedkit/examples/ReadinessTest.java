package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.InMemoryFeedStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What {@code /readyz} reports: the assembler's {@code health()}, over a PostgreSQL port where
 * nothing listens and over the in-memory store.
 */
final class ReadinessTest {

    @Test
    void a_store_is_up_until_its_breaker_opens_then_not_ready_and_says_only_circuit_open() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        JdbcFeedStore store = JdbcFeedStore.of(dataSource(closedPort));
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).timelines(false).prewarm(false)
                .build()) {
            Readiness r = Readiness.of(feeds, store, List.of());
            assertThat(json(r.report())).isEqualTo("{\"status\":\"ready\",\"store\":\"up\",\"l2\":\"none\"}");

            for (long viewer = 1; viewer <= 5; viewer++) {
                long v = viewer;
                assertThatThrownBy(() -> feeds.assemble(FeedRequest.of(v))).isInstanceOf(FeedUnavailableException.class);
            }
            Readiness.Report report = r.report();

            assertThat(report.ready()).isFalse();
            assertThat(json(report)).isEqualTo("{\"status\":\"not_ready\",\"store\":\"circuit_open\",\"l2\":\"none\"}");
        }
    }

    @Test
    void in_memory_store_is_always_ready() {
        InMemoryFeedStore store = InMemoryFeedStore.of(DemoData.newBuilder().users(100).posts(100).meanFollows(5).seed(1).build());
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(store).store(store).build()) {
            assertThat(json(Readiness.of(feeds, store, List.of()).report()))
                    .isEqualTo("{\"status\":\"ready\",\"store\":\"in_memory\",\"l2\":\"none\"}");
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
