package dev.feedkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * feed-bom pins every published module, and the README's embedding snippet imports it. Read from
 * the checkout (this module's tests run in examples/), so a module added without a BOM entry
 * fails here.
 */
final class BomTest {
    private static final Path ROOT = Path.of("..");
    /** Modules that are not published: the demo, the benchmarks, and the BOM itself. */
    private static final Set<String> UNPUBLISHED = Set.of("feed-examples", "feed-benchmarks", "feed-bom");

    @Test
    void the_bom_pins_every_published_module() throws IOException {
        List<String> published = new ArrayList<>();
        for (String module : all(read("pom.xml"), "<module>([^<]+)</module>")) {
            String artifact = first(read(module + "/pom.xml"), "</parent>\\s*<artifactId>([^<]+)</artifactId>",
                    "<artifactId>([^<]+)</artifactId>");
            if (!UNPUBLISHED.contains(artifact)) {
                published.add(artifact);
            }
        }
        assertThat(published).contains("feed-core", "feed-testkit", "feed-json", "feed-jdbc", "feed-redis");
        assertThat(all(read("feed-bom/pom.xml"), "<artifactId>([^<]+)</artifactId>")).containsAll(published);
    }

    @Test
    void the_readme_imports_the_bom() throws IOException {
        String readme = read("README.md");
        assertThat(readme).containsPattern("<artifactId>feed-bom</artifactId>\\s*<version>[^<]+</version>\\s*"
                + "<type>pom</type>\\s*<scope>import</scope>");
    }

    private static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
    }

    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The first match of {@code preferred}, else of {@code fallback} (a pom without a parent). */
    private static String first(String text, String preferred, String fallback) {
        Matcher m = Pattern.compile(preferred).matcher(text);
        if (m.find()) {
            return m.group(1);
        }
        Matcher f = Pattern.compile(fallback).matcher(text);
        if (!f.find()) {
            throw new AssertionError("no artifactId in " + text.substring(0, Math.min(200, text.length())));
        }
        return f.group(1);
    }
}
