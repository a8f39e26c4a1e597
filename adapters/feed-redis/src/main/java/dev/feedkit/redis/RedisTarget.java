package dev.feedkit.redis;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The checks of where a Redis-backed type connects and under which prefix, shared by the builders
 * of {@link RedisCacheTier} and {@link RedisTimelines} so that both refuse the same values with the
 * same messages.
 */
final class RedisTarget {
    private RedisTarget() {
    }

    /** Returns {@code uri} if Lettuce can parse it. */
    static String checkUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        try {
            RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("uri must be a Redis URI such as redis://127.0.0.1:6379, was " + uri, e);
        }
        return uri;
    }

    /** Parses cluster seed node URIs; at least one. */
    static List<RedisURI> parseSeeds(String... seeds) {
        if (seeds.length == 0) {
            throw new IllegalArgumentException("clusterUris needs at least one seed node URI");
        }
        List<RedisURI> parsed = new ArrayList<>(seeds.length);
        for (String seed : seeds) {
            try {
                parsed.add(RedisURI.create(Objects.requireNonNull(seed, "seed")));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("clusterUris must be Redis URIs such as redis://127.0.0.1:7000, "
                        + "was " + seed, e);
            }
        }
        return List.copyOf(parsed);
    }

    /** Returns {@code prefix} if it has no braces, which Redis Cluster reserves for hash tags. */
    static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("keyPrefix must not contain '{' or '}', was " + prefix);
        }
        return prefix;
    }
}
