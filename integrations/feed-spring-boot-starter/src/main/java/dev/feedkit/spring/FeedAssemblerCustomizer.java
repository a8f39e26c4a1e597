package dev.feedkit.spring;

import dev.feedkit.FeedAssembler;

/**
 * Adjusts the {@link FeedAssembler.Builder} the starter fills from {@code feedkit.*} properties,
 * before it builds the assembler: every bean of this type is called, in {@code @Order}. For what
 * properties cannot say, such as a ticker or a custom filter; listeners, a ranker, tiers and a
 * timeline store are simpler as beans of their own types, which the starter picks up. A builder
 * setting may be set once, so a customizer must not set one that a property already set.
 */
@FunctionalInterface
public interface FeedAssemblerCustomizer {
    /**
     * Adjusts the builder.
     *
     * @param builder the builder, with the properties and beans already applied
     */
    void customize(FeedAssembler.Builder builder);
}
