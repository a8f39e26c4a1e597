package dev.feedkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's worked example is the SQL HostSchemaContractTest runs, word for word. */
final class ReadmeHostSchemaTest {

    @Test
    void the_readme_shows_the_host_schema_and_every_statement_the_test_runs() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains(HostSchema.sql("schema.sql"));
        for (String statement : HostSchema.STATEMENTS) {
            assertThat(readme).as(statement).contains("-- " + statement).contains(HostSchema.sql(statement + ".sql"));
        }
    }
}
