package dev.feedkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Where a Redis-backed type connects, shared by the builders of {@link RedisCacheTier} and
 * {@link RedisTimelines}: exactly one of a URI, cluster seed URIs, a host's client or a host's
 * cluster client, checked the same way with the same messages, and the connection that
 * {@link #open} makes from it. A client the type creates itself is configured for outages
 * ({@link RedisCacheTier#recommendedClientOptions()}, adaptive topology refresh on a cluster) and
 * is shut down with the type; a host's client is never shut down. Not thread-safe, like the
 * builders that hold it.
 */
final class RedisTarget {
    private String uri;
    private RedisClient client;
    private RedisClusterClient clusterClient;
    private List<RedisURI> clusterUris;

    void uri(String uri) {
        Objects.requireNonNull(uri, "uri");
        try {
            RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("uri must be a Redis URI such as redis://127.0.0.1:6379, was " + uri, e);
        }
        this.uri = uri;
    }

    void client(RedisClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    void clusterClient(RedisClusterClient clusterClient) {
        this.clusterClient = Objects.requireNonNull(clusterClient, "clusterClient");
    }

    void clusterUris(String... seeds) {
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
        this.clusterUris = List.copyOf(parsed);
    }

    /** Returns {@code prefix} if it has no braces, which Redis Cluster reserves for hash tags. */
    static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("keyPrefix must not contain '{' or '}', was " + prefix);
        }
        return prefix;
    }

    /** Returns {@code value} if it lies within [min, max]; the message names the setting. */
    static Duration between(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** Throws unless exactly one place to connect is set; {@code builder} names the type's builder. */
    void requireOne(String builder) {
        int sources = (uri != null ? 1 : 0) + (client != null ? 1 : 0) + (clusterClient != null ? 1 : 0)
                + (clusterUris != null ? 1 : 0);
        if (sources != 1) {
            throw new IllegalStateException("set exactly one of " + builder + ".uri(..), clusterUris(..), "
                    + "client(..) and clusterClient(..); " + sources + " are set");
        }
    }

    /**
     * Connects and builds the type on the connection. {@code build} receives the backend and the
     * client resources the type owns (null on a host's client) and must shut those down on close;
     * if connecting or {@code build} fails, what was created here is shut down and a failure to
     * reach Redis becomes an {@link IllegalStateException} that names where.
     */
    <T> T open(String builder, BiFunction<Backend, ClientResources, T> build) {
        requireOne(builder);
        try {
            if (clusterClient != null) {
                return build.apply(new ClusterBackend(clusterClient, false), null);
            }
            if (client != null) {
                return build.apply(new StandaloneBackend(client, false), null);
            }
            return owned(build);
        } catch (RedisException e) {
            throw new IllegalStateException("cannot connect to Redis at " + (uri != null ? uri
                    : clusterUris != null ? clusterUris.toString() : "the given client") + ": " + e.getMessage(), e);
        }
    }

    private <T> T owned(BiFunction<Backend, ClientResources, T> build) {
        ClientResources resources = RedisCacheTier.recommendedResources();
        try {
            Backend backend = clusterUris != null ? ownCluster(resources) : ownStandalone(resources);
            return build.apply(backend, resources);
        } catch (RuntimeException e) {
            resources.shutdown();
            throw e;
        }
    }

    private Backend ownStandalone(ClientResources resources) {
        RedisClient own = RedisClient.create(resources, RedisURI.create(uri));
        own.setOptions(RedisCacheTier.recommendedClientOptions());
        try {
            return new StandaloneBackend(own, true);
        } catch (RuntimeException e) {
            own.shutdown();
            throw e;
        }
    }

    private Backend ownCluster(ClientResources resources) {
        RedisClusterClient own = RedisClusterClient.create(resources, clusterUris);
        own.setOptions(ClusterClientOptions.builder(RedisCacheTier.recommendedClientOptions())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
                .build());
        try {
            return new ClusterBackend(own, true);
        } catch (RuntimeException e) {
            own.shutdown();
            throw e;
        }
    }
}
