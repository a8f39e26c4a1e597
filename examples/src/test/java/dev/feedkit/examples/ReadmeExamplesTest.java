package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedkit.testkit.DemoData;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedPage;
import dev.feedkit.FeedRequest;
import dev.feedkit.testkit.InMemoryFeedStore;
import dev.feedkit.json.JsonFeedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** The README's code, kept compiling and running (java-dataloader's ReadmeExamples habit). */
final class ReadmeExamplesTest {

    @Test
    void the_ten_line_embedding_example_serves_pages() throws IOException {
        DemoData data = DemoData.newBuilder().users(200).posts(4_000).meanFollows(20).build();
        long viewerId = data.sampleViewer();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        FeedPage page = embed(InMemoryFeedStore.of(data), viewerId, response);
        assertThat(page.items()).isNotEmpty();
        assertThat(response.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"items\":[");
    }

    // README: "Embed it" — begin
    static FeedPage embed(InMemoryFeedStore store, long viewerId, OutputStream out) throws IOException {
        try (FeedAssembler feeds = FeedAssembler.newBuilder()
                .source(store)                         // candidates: keyset pages
                .store(store)                          // entities: one call per page for all misses
                .writer(JsonFeedWriter.create())       // streaming JSON with memoized fragments
                .build()) {
            FeedPage first = feeds.assemble(FeedRequest.of(viewerId));
            FeedRequest next = FeedRequest.newBuilder(viewerId).cursor(first.nextPage()).limit(20).build();
            feeds.write(next, out);                    // stream page 2 straight to the response
            return first;
        }
    }
    // README: "Embed it" — end
}
