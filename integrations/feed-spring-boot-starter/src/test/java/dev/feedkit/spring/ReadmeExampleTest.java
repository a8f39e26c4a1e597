package dev.feedkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedkit.FeedAssembler;
import dev.feedkit.FeedRequest;
import dev.feedkit.jdbc.JdbcFeedStore;
import dev.feedkit.testkit.DemoData;
import dev.feedkit.testkit.DemoLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;

/**
 * The module README's example, kept compiling and running: its properties block boots the
 * context (with this test's own schema and key prefix laid over), and its Java block is the
 * {@link Feeds} class below, text for text.
 */
final class ReadmeExampleTest {
    private static final Path README = Path.of("README.md");
    private static final Path SOURCE = Path.of("src/test/java/dev/feedkit/spring/ReadmeExampleTest.java");

    // README: Feeds — begin
    @Service
    static class Feeds {
        private final FeedAssembler feeds;                       // built by the starter

        Feeds(FeedAssembler feeds) {
            this.feeds = feeds;
        }

        void write(long viewerId, OutputStream out) throws IOException {
            feeds.write(FeedRequest.of(viewerId), out);          // one page, streamed as JSON
        }
    }
    // README: Feeds — end

    @Test
    void the_readme_java_block_is_the_class_this_test_runs() throws IOException {
        String marked = between(Files.readString(SOURCE, StandardCharsets.UTF_8), "// README: Feeds — begin\n",
                "    // README: Feeds — end");
        String inReadme = blocks("java").get(0);
        assertThat(normalize(marked).replace("static class Feeds", "class Feeds")).isEqualTo(normalize(inReadme));
    }

    @Test
    void the_root_readme_shows_the_same_properties() throws IOException {
        String root = Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);
        assertThat(root).contains("```properties\n" + blocks("properties").get(0) + "```");
    }

    @Test
    void the_readme_properties_boot_the_starter_and_the_injected_class_writes_a_page() throws IOException, SQLException {
        List<String> properties = blocks("properties").get(0).lines().filter(l -> !l.isBlank()).toList();
        assertThat(properties).hasSize(5);
        Services services = Services.require();
        DemoData data = DemoData.newBuilder().users(200).posts(3_000).meanFollows(20).build();
        String key = Base64.getEncoder().encodeToString("readme example cursor key, 32 b".getBytes(StandardCharsets.UTF_8));
        try {
            new ApplicationContextRunner().withConfiguration(InMemoryApp.ALL)
                    .withUserConfiguration(Services.HostBeans.class).withBean(Feeds.class)
                    .withPropertyValues(properties.toArray(String[]::new))
                    .withPropertyValues(services.isolation())              // our own schema and prefix win
                    .withPropertyValues("FEEDKIT_CURSOR_KEY=" + key)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(FeedProperties.class).getL1().getMaximumWeight())
                                .isEqualTo(DataSize.ofMegabytes(256));
                        JdbcFeedStore store = context.getBean(JdbcFeedStore.class);
                        DemoLoader.copy(store.dataSource(), store.schema(), data);
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        context.getBean(Feeds.class).write(data.sampleViewer(), out);
                        JsonNode page = new ObjectMapper().readTree(out.toByteArray());
                        assertThat(page.get("items").size()).isEqualTo(FeedRequest.DEFAULT_LIMIT);
                    });
        } finally {
            services.cleanUp();
        }
    }

    /** The fenced blocks of {@code language} in the README, in order. */
    private static List<String> blocks(String language) throws IOException {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(README, StandardCharsets.UTF_8));
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).as(language + " blocks in the README").isNotEmpty();
        return found;
    }

    private static String between(String text, String begin, String end) {
        int from = text.indexOf(begin);
        int to = text.indexOf(end, from);
        assertThat(from).as("marker " + begin).isNotNegative();
        return text.substring(from + begin.length(), to);
    }

    /** Without the common indentation and trailing blanks. */
    private static String normalize(String code) {
        List<String> lines = code.lines().map(String::stripTrailing).toList();
        int indent = lines.stream().filter(l -> !l.isEmpty()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return lines.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).collect(Collectors.joining("\n")).strip();
    }
}
