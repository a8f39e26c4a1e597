package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** A JFR recording that enables dev.feedkit.Page sees one event per page, with the page's figures. */
final class PageEventTest {

    @Test
    void a_recording_sees_one_page_event_per_page_with_its_figures() throws IOException {
        TestFeed feed = TestFeed.random(11, 30, 20);
        Path file = Files.createTempFile("feedkit-page", ".jfr");
        try (FeedAssembler feeds = FeedAssembler.newBuilder().source(feed).store(feed).prewarm(false)
                .cursorKey(TestFeed.CURSOR_KEY).build();
                Recording recording = new Recording()) {
            feeds.assemble(FeedRequest.of(2)); // before the recording: not recorded
            recording.enable("dev.feedkit.Page");
            recording.start();
            FeedPage first = feeds.assemble(FeedRequest.newBuilder(3).limit(5).build());
            feeds.assemble(FeedRequest.newBuilder(3).limit(5).cursor(first.nextPage()).build());
            recording.stop();
            recording.dump(file);

            List<RecordedEvent> pages = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("dev.feedkit.Page")).collect(Collectors.toList());
            assertThat(pages).hasSize(2);
            RecordedEvent e = pages.get(0);
            assertThat(e.getLong("viewerId")).isEqualTo(3);
            assertThat(e.getInt("items")).isEqualTo(first.items().size());
            assertThat(e.getInt("candidates")).isGreaterThanOrEqualTo(first.items().size());
            assertThat(e.getInt("storeCalls")).isEqualTo(1);
            assertThat(e.getBoolean("staleCandidates")).isFalse();
            assertThat(e.getInt("extraRounds")).as("the source filters, so no extra round").isZero();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
