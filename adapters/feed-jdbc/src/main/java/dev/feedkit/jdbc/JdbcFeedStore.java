package dev.feedkit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.feedkit.AuthorPostSource;
import dev.feedkit.Candidates;
import dev.feedkit.Deadline;
import dev.feedkit.Entities;
import dev.feedkit.EntityKeys;
import dev.feedkit.EntityStore;
import dev.feedkit.FeedSource;
import dev.feedkit.FeedUnavailableException;
import dev.feedkit.FollowerSource;
import dev.feedkit.Keyset;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/*
 * One public type in front of package-private parts, as STYLE asks of adapters: the keyset source
 * (JdbcFeedSource), the one-round-trip store (JdbcEntityStore) and the schema runner (Migrator).
 * The reference SQL lives in .sql resources beside these classes; a host may replace any statement
 * (FeedStatements), and SchemaCheck holds each one to its contract (Statement) at build(). Demo
 * data is loaded by feed-testkit's DemoLoader, not by this API.
 */

/**
 * The PostgreSQL source of truth of a feed: a {@link FeedSource} (keyset candidates) and an
 * {@link EntityStore} (every cache miss of a page in one round trip) over one {@link DataSource}
 * and one schema, plus the schema itself ({@link #migrate()}); for fan-out on write also a
 * {@link FollowerSource} and an {@link AuthorPostSource}.
 *
 * <pre>{@code
 * JdbcFeedStore pg = JdbcFeedStore.fromUrl("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
 * pg.migrate();
 * FeedAssembler feed = FeedAssembler.newBuilder().source(pg).store(pg).build();
 * }</pre>
 *
 * <p>Thread-safe. Each call borrows a connection for its one statement and returns it at once.
 * The borrow (from a HikariCP pool), the statement timeout and the socket read timeout all follow
 * the request's {@link Deadline}: at the deadline a call still running sends its cancel request
 * without waiting for it and aborts its connection, which is then replaced, so a call fails by the
 * deadline whether the database is slow, stopped, frozen or refusing connections; a timeout, or
 * the database being down, is thrown as {@link FeedUnavailableException} with the
 * {@link SQLException} as cause.
 */
public final class JdbcFeedStore implements FeedSource, EntityStore, FollowerSource, AuthorPostSource,
        AutoCloseable {
    /** The schema used when none is given. */
    public static final String DEFAULT_SCHEMA = "public";
    /** The pool size of {@link #fromUrl(String)}. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /**
     * How long, in milliseconds, {@link #fromUrl(String)}'s pool waits for a free or new connection
     * when a call has no deadline ({@link #migrate()}, a host's own use of {@link #dataSource()}).
     * A call with a deadline waits only for the time it has left, minus
     * {@link #DEFAULT_VALIDATION_TIMEOUT_MILLIS}.
     */
    public static final long DEFAULT_CONNECTION_TIMEOUT_MILLIS = 2_000;

    /**
     * How long, in milliseconds, {@link #fromUrl(String)}'s pool may spend checking that a
     * connection idle for more than 500 ms is still alive before lending it (HikariCP's minimum;
     * its default is 5 s, which a frozen database made every call wait). A borrow reserves this
     * much of the call's deadline, so keep the assembler's timeout well above it.
     */
    public static final long DEFAULT_VALIDATION_TIMEOUT_MILLIS = 250;

    /**
     * pgjdbc's {@code cancelSignalTimeout} in {@link #fromUrl(String)} (pgjdbc's default is 10): how
     * long the cancel request of a statement past its deadline may take. No call waits for it (it
     * is sent from a pool of two threads); it bounds how long one of those threads is held by a
     * frozen server.
     */
    public static final int DEFAULT_CANCEL_SIGNAL_TIMEOUT_SECONDS = 1;

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String schema;
    private final boolean ownsPool;
    private final JdbcFeedSource source;
    private final JdbcEntityStore store;
    private final JdbcFollowers followers;
    private final Map<Statement, Sql> statements;

    private JdbcFeedStore(DataSource dataSource, String schema, boolean ownsPool, FeedStatements sql) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.ownsPool = ownsPool;
        this.statements = sql.resolve('"' + schema + '"');
        this.source = new JdbcFeedSource(dataSource, statements.get(Statement.CANDIDATES));
        this.store = new JdbcEntityStore(dataSource, statements);
        this.followers = new JdbcFollowers(dataSource, statements);
    }

    /**
     * Returns a store over a new HikariCP pool for {@code jdbcUrl}, in schema {@value #DEFAULT_SCHEMA}.
     * The pool has {@value #DEFAULT_POOL_SIZE} connections, waits for one at most the call's time left
     * (or {@value #DEFAULT_CONNECTION_TIMEOUT_MILLIS} ms without a deadline), validates an idle one
     * for at most {@value #DEFAULT_VALIDATION_TIMEOUT_MILLIS} ms, and opens them lazily, so a store made
     * while the database is down works once it is up. Unless the URL sets {@code options}, its
     * connections start with {@code jit=off}: the keyset query of a viewer who follows thousands
     * of authors has a plan cost above PostgreSQL's JIT threshold, and compiling it costs more
     * (7-18 ms measured) than running it; and unless it sets {@code cancelSignalTimeout}, that is
     * {@value #DEFAULT_CANCEL_SIGNAL_TIMEOUT_SECONDS} s. {@link #close()} closes the pool.
     *
     * @param jdbcUrl a {@code jdbc:postgresql:} URL, credentials included
     * @return the store
     * @throws IllegalArgumentException if the URL is not a PostgreSQL JDBC URL
     */
    public static JdbcFeedStore fromUrl(String jdbcUrl) {
        return fromUrl(jdbcUrl, DEFAULT_SCHEMA);
    }

    /**
     * Returns a store over a new HikariCP pool for {@code jdbcUrl}, in {@code schema}; see
     * {@link #fromUrl(String)} for the pool settings.
     *
     * @param jdbcUrl a {@code jdbc:postgresql:} URL, credentials included
     * @param schema a lower-case unquoted PostgreSQL identifier
     * @return the store
     * @throws IllegalArgumentException if the URL is not a PostgreSQL JDBC URL or the schema name is invalid
     */
    public static JdbcFeedStore fromUrl(String jdbcUrl, String schema) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:, was "
                    + jdbcUrl.replaceAll("password=[^&]*", "password=***"));
        }
        checkSchema(schema);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("feedkit-" + schema);
        config.setMaximumPoolSize(DEFAULT_POOL_SIZE);
        config.setConnectionTimeout(DEFAULT_CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(DEFAULT_VALIDATION_TIMEOUT_MILLIS);
        config.setInitializationFailTimeout(-1);
        if (!jdbcUrl.contains("options=")) {
            config.addDataSourceProperty("options", "-c jit=off");
        }
        if (!jdbcUrl.contains("cancelSignalTimeout=")) {
            config.addDataSourceProperty("cancelSignalTimeout", String.valueOf(DEFAULT_CANCEL_SIGNAL_TIMEOUT_SECONDS));
        }
        return new JdbcFeedStore(new HikariDataSource(config), schema, true, FeedStatements.reference());
    }

    /**
     * Returns a store over {@code dataSource}, in schema {@value #DEFAULT_SCHEMA}. The host keeps
     * owning the data source: {@link #close()} leaves it open.
     *
     * @param dataSource any PostgreSQL data source, ideally pooled
     * @return the store
     */
    public static JdbcFeedStore of(DataSource dataSource) {
        return of(dataSource, DEFAULT_SCHEMA);
    }

    /**
     * Returns a store over {@code dataSource}, in {@code schema}.
     *
     * @param dataSource any PostgreSQL data source, ideally pooled
     * @param schema a lower-case unquoted PostgreSQL identifier
     * @return the store
     * @throws IllegalArgumentException if the schema name is invalid
     */
    public static JdbcFeedStore of(DataSource dataSource, String schema) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new JdbcFeedStore(dataSource, checkSchema(schema), false, FeedStatements.reference());
    }

    /**
     * Returns a builder of a store over {@code dataSource}: a schema, the host's own SQL for any
     * statement ({@link FeedStatements}), and a check of every statement against the live database
     * at {@link Builder#build()}. The host keeps owning the data source.
     *
     * <pre>{@code
     * JdbcFeedStore store = JdbcFeedStore.newBuilder(dataSource)
     *         .statements(FeedStatements.reference().withAuthors(hostAuthorsSql))
     *         .build();   // IllegalStateException naming each statement, column and parameter that does not fit
     * }</pre>
     *
     * @param dataSource any PostgreSQL data source, ideally pooled
     * @return a new builder
     */
    public static Builder newBuilder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** Builds a {@link JdbcFeedStore}; see {@link JdbcFeedStore#newBuilder(DataSource)}. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String schema = DEFAULT_SCHEMA;
        private FeedStatements statements = FeedStatements.reference();
        private boolean migrate;
        private boolean validate = true;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * Sets the schema that {@code ${schema}} in the statements stands for, and that
         * {@link JdbcFeedStore#migrate()} creates; default {@value JdbcFeedStore#DEFAULT_SCHEMA}.
         *
         * @param schema a lower-case unquoted PostgreSQL identifier
         * @return this builder
         * @throws IllegalArgumentException if the schema name is invalid
         */
        public Builder schema(String schema) {
            this.schema = checkSchema(schema);
            return this;
        }

        /**
         * Sets the SQL of every statement; default {@link FeedStatements#reference()}.
         *
         * @param statements the statements
         * @return this builder
         */
        public Builder statements(FeedStatements statements) {
            this.statements = Objects.requireNonNull(statements, "statements");
            return this;
        }

        /**
         * Whether {@link #build()} applies the reference schema ({@link JdbcFeedStore#migrate()})
         * before checking the statements; default off (a host with its own tables never needs it).
         *
         * @param migrate apply the reference schema first
         * @return this builder
         */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /**
         * Whether {@link #build()} checks every statement against the live database
         * ({@link JdbcFeedStore#validate()}); default on. Turn it off only to start while the
         * database is down, and call {@code validate()} once it is up.
         *
         * @param validate check the statements at build
         * @return this builder
         */
        public Builder validate(boolean validate) {
            this.validate = validate;
            return this;
        }

        /**
         * Builds the store, migrating and validating as set.
         *
         * @return the store
         * @throws IllegalStateException if a statement does not fit its contract; the message has one
         *     line per problem, naming the statement and the column or parameter, what it is and
         *     what was expected
         * @throws FeedUnavailableException if the database cannot be reached to migrate or validate
         */
        public JdbcFeedStore build() {
            JdbcFeedStore store = new JdbcFeedStore(dataSource, schema, false, statements);
            if (migrate) {
                store.migrate();
            }
            if (validate) {
                store.validate();
            }
            return store;
        }
    }

    private static String checkSchema(String schema) {
        Objects.requireNonNull(schema, "schema");
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a lower-case identifier matching "
                    + SCHEMA_NAME.pattern() + ", was \"" + schema + "\"");
        }
        return schema;
    }

    /**
     * Creates the schema if needed and applies the versioned SQL resources not yet applied
     * ({@code V1__schema.sql}, ...), recording each in {@code <schema>.schema_version}. Safe to call
     * from several instances at once: an advisory lock serializes them.
     *
     * @return how many versions were applied by this call, 0 if the schema was current
     * @throws FeedUnavailableException if the database is down or a script fails
     */
    public int migrate() {
        try {
            return new Migrator(dataSource, schema, quoted()).migrate();
        } catch (SQLException e) {
            throw Calls.unavailable("schema migration of " + schema, e);
        }
    }

    /**
     * Prepares and describes every statement against the live database, without running any, and
     * checks each against its contract ({@link FeedStatements}): every parameter named, used, and
     * of the type it is bound as; every column the store reads present and of a type it can read.
     * {@link Builder#build()} calls it; a store made by {@link #fromUrl} or {@link #of} may call it
     * after {@link #migrate()}.
     *
     * @throws IllegalStateException listing every problem, one line each, such as
     *     {@code statement posts: column like_count is int8 (bigint), expected int4 (integer); ...}
     * @throws FeedUnavailableException if the database cannot be reached
     */
    public void validate() {
        List<String> problems;
        try (Connection c = dataSource.getConnection()) {
            problems = SchemaCheck.check(c, statements);
        } catch (SQLException e) {
            throw Calls.unavailable("statement check of schema " + schema, e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("feed-jdbc statements do not fit the database (schema " + schema + "), "
                    + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n  "
                    + String.join("\n  ", problems) + "\nSee FeedStatements for each statement's contract.");
        }
    }

    /**
     * Appends up to {@code max} candidates of the viewer's home feed after {@code after}, newest first.
     *
     * @param viewerId the viewer
     * @param after the keyset position to continue after
     * @param max the most candidates to append
     * @param out the buffer to append to
     * @param deadline bounds the query
     * @throws FeedUnavailableException if the database is down or the deadline passes
     */
    @Override
    public void candidates(long viewerId, Keyset after, int max, Candidates out, Deadline deadline) {
        source.candidates(viewerId, after, max, out, deadline);
    }

    /**
     * Loads posts (with media and tags), authors and the viewer's relationships in one round trip.
     *
     * @param keys what to load
     * @param into receives what exists, aligned with {@code keys}
     * @param deadline bounds the query
     * @throws FeedUnavailableException if the database is down or the deadline passes
     */
    @Override
    public void load(EntityKeys keys, Entities into, Deadline deadline) {
        store.load(keys, into, deadline);
    }

    /**
     * Reads one batch of an author's followers in ascending id order, from the
     * {@code follows(followee_id, follower_id)} index.
     *
     * @param authorId the author
     * @param afterId the follower id to continue after; {@code -1} to start
     * @param out receives the follower ids; its length is the batch size
     * @param deadline bounds the query
     * @return how many ids were written to {@code out}
     * @throws FeedUnavailableException if the database is down or the deadline passes
     */
    @Override
    public int followers(long authorId, long afterId, long[] out, Deadline deadline) {
        return followers.followers(authorId, afterId, out, deadline);
    }

    /**
     * Counts an author's followers up to {@code atMost}, reading at most that many index entries.
     *
     * @param authorId the author
     * @param atMost where to stop counting, at least 1
     * @param deadline bounds the query
     * @return the count, at most {@code atMost}
     * @throws IllegalArgumentException if {@code atMost} is less than 1
     * @throws FeedUnavailableException if the database is down or the deadline passes
     */
    @Override
    public long followerCount(long authorId, long atMost, Deadline deadline) {
        return followers.followerCount(authorId, atMost, deadline);
    }

    /**
     * Appends one keyset page of an author's live posts, newest first, from the keyset index.
     *
     * @param authorId the author
     * @param after the keyset position to continue after
     * @param max the most posts to append, at least 1
     * @param out the buffer to append to
     * @param deadline bounds the query
     * @throws IllegalArgumentException if {@code max} is less than 1
     * @throws FeedUnavailableException if the database is down or the deadline passes
     */
    @Override
    public void authorPosts(long authorId, Keyset after, int max, Candidates out, Deadline deadline) {
        followers.authorPosts(authorId, after, max, out, deadline);
    }

    /** @return the schema this store reads */
    public String schema() {
        return schema;
    }

    /** @return the data source this store reads through */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Closes the pool if {@link #fromUrl(String)} made it; a host's own data source stays open. */
    @Override
    public void close() {
        if (ownsPool) {
            ((HikariDataSource) dataSource).close();
        }
    }

    String quoted() {
        return '"' + schema + '"';
    }

    JdbcFeedSource source() {
        return source;
    }

    JdbcEntityStore store() {
        return store;
    }

    @Override
    public String toString() {
        return "JdbcFeedStore[schema=" + schema + ", dataSource=" + dataSource.getClass().getSimpleName() + "]";
    }
}
