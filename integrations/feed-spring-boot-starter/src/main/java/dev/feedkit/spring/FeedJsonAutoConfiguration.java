package dev.feedkit.spring;

import dev.feedkit.FeedWriter;
import dev.feedkit.json.JsonFeedWriter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** feed-json's streaming {@link JsonFeedWriter}, when it is on the classpath and no other writer is defined. */
@AutoConfiguration
@ConditionalOnClass(JsonFeedWriter.class)
@ConditionalOnProperty(prefix = FeedProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
public class FeedJsonAutoConfiguration {

    /**
     * Returns the writer {@code FeedAssembler.write} streams pages through.
     *
     * @return the writer
     */
    @Bean
    @ConditionalOnMissingBean(FeedWriter.class)
    public JsonFeedWriter feedkitJsonWriter() {
        return JsonFeedWriter.create();
    }
}
