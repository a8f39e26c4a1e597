package dev.feedkit.jdbc;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The SQL of every statement a {@link JdbcFeedStore} runs: the reference SQL over the reference
 * schema ({@link #reference()}), or a host's own SQL over its own tables or views, one statement
 * at a time. Immutable: each {@code with...} method returns a copy.
 *
 * <pre>{@code
 * JdbcFeedStore store = JdbcFeedStore.newBuilder(dataSource)
 *         .statements(FeedStatements.reference()
 *                 .withPosts("SELECT a.article_id AS id, ... FROM app.articles a WHERE a.article_id = ANY(:post_ids)"))
 *         .build();                                   // describes every statement, fails fast on a mismatch
 * }</pre>
 *
 * <p>Rules shared by every statement:
 * <ul>
 *   <li>one {@code SELECT} (or {@code WITH ... SELECT}), no {@code ;} inside;</li>
 *   <li>parameters by name, {@code :viewer_id}, each one of the statement's contract and every one
 *       of them used (a name may appear several times); never a positional {@code ?}. A
 *       {@code ::} cast is fine ({@code :viewer_id::bigint}, as the reference SQL does). Colons
 *       followed by a letter inside string literals are not supported;</li>
 *   <li>{@code ${schema}} is replaced by the store's quoted schema, so a statement may also name
 *       its tables fully ({@code app.articles}) and ignore it;</li>
 *   <li>columns are read by name (use {@code AS}), in any order; extra columns are ignored. A type
 *       may be narrower than the one listed ({@code int4} or {@code int2} for {@code int8},
 *       {@code varchar} for {@code text}); anything else must be cast;</li>
 *   <li>row order matters where stated: the store does not sort.</li>
 * </ul>
 * {@link JdbcFeedStore.Builder#build()} prepares and describes every statement against the live
 * database, without running it, and refuses to start on a missing column, a column of the wrong
 * type, a missing, unknown or wrongly typed parameter, naming the statement, the column or
 * parameter and what was expected.
 */
public final class FeedStatements {
    private static final FeedStatements REFERENCE = reference0();

    private final Map<Statement, String> texts;

    private FeedStatements(Map<Statement, String> texts) {
        this.texts = texts;
    }

    /**
     * Returns the reference SQL over the reference schema (docs/CONTRACT.md), the default of every
     * store.
     *
     * @return the reference statements
     */
    public static FeedStatements reference() {
        return REFERENCE;
    }

    private static FeedStatements reference0() {
        Map<Statement, String> texts = new EnumMap<>(Statement.class);
        for (Statement s : Statement.values()) {
            texts.put(s, Sql.read(s.resource()));
        }
        return new FeedStatements(texts);
    }

    private FeedStatements with(Statement statement, String sql) {
        Objects.requireNonNull(sql, statement.id);
        if (sql.isBlank()) {
            throw new IllegalArgumentException("the " + statement.id + " statement must not be blank");
        }
        Map<Statement, String> copy = new EnumMap<>(texts);
        copy.put(statement, sql);
        return new FeedStatements(copy);
    }

    /**
     * Replaces the keyset query of a viewer's home feed.
     *
     * <p>Parameters: {@code :viewer_id} bigint, {@code :after_created_at} timestamptz (bound as
     * {@code 'infinity'} for the first page), {@code :after_id} bigint, {@code :max} integer (or
     * bigint). Columns: {@code id} bigint (the post), {@code author_id} bigint, {@code created_at}
     * timestamptz. Rows: the live (not deleted) posts of the viewer and of the authors it follows,
     * none by an author blocked in either direction or muted by the viewer, strictly before
     * {@code (:after_created_at, :after_id)}, ordered {@code created_at DESC, id DESC}, at most
     * {@code :max}.
     *
     * @param sql the host's SQL
     * @return a copy with this statement replaced
     * @throws IllegalArgumentException if {@code sql} is blank
     */
    public FeedStatements withCandidates(String sql) {
        return with(Statement.CANDIDATES, sql);
    }

    /**
     * Replaces the posts by id.
     *
     * <p>Parameter: {@code :post_ids} bigint[]. Columns: {@code id} bigint, {@code author_id} bigint,
     * {@code body} text, {@code created_at} timestamptz, {@code deleted_at} timestamptz (null if
     * live), {@code like_count} integer, {@code reply_count} integer, and optionally {@code extra}
     * (host fields: text, json or jsonb holding a JSON object, or null). Rows: one per existing post,
     * deleted ones included (the pipeline filters and caches the deletion), any order.
     *
     * @param sql the host's SQL
     * @return a copy with this statement replaced
     * @throws IllegalArgumentException if {@code sql} is blank
     */
    public FeedStatements withPosts(String sql) {
        return with(Statement.POSTS, sql);
    }

    /**
     * Replaces the media of posts.
     *
     * <p>Parameter: {@code :post_ids} bigint[]. Columns: {@code post_id} bigint, {@code kind} text
     * ({@code image}, {@code video} or {@code gif}), {@code url} text, {@code width} integer and
     * {@code height} integer (nullable). Rows: in display order within each post.
     *
     * @param sql the host's SQL
     * @return a copy with this statement replaced
     * @throws IllegalArgumentException if {@code sql} is blank
     */
    public FeedStatements withMedia(String sql) {
        return with(Statement.MEDIA, sql);
    }

    /**
     * Replaces the tags of posts.
     *
     * <p>Parameter: {@code :post_ids} bigint[]. Columns: {@code post_id} bigint, {@code tag} text.
     * Rows: in the order the tags are shown within each post (the reference sorts them with
     * {@code COLLATE "C"}).
     *
     * @param sql the host's SQL
     * @return a copy with this statement replaced
     * @throws IllegalArgumentException if {@code sql} is blank
     */
    public FeedStatements withTags(String sql) {
        return with(Statement.TAGS, sql);
    }

    /**
     * Replaces the authors by id.
     *
     * <p>Parameter: {@code :author_ids} bigint[]. Columns: {@code id} bigint, {@code username} text,
     * {@code display_name} text, {@code avatar_url} text (nullable), {@code verified} boolean, optionally
     * {@code extra} as for posts.
     * Rows: one per existing user, any order.
     *
     * @param sql the host's SQL
     * @return a copy with this statement replaced
     * @throws IllegalArgumentException if {@code sql} is blank
     */
    public FeedStatements withAuthors(String sql) {
        return with(Statement.AUTHORS, sql);
    }

    /**
     * Replaces the viewer's relationships to authors.
     *
     * <p>Parameters: {@code :viewer_id} bigint, {@code :relationship_ids} bigint[]. Columns:
     * {@code author_id} bigint, then booleans {@code following} (the viewer follows the author),
     * {@code followed_by} (the author follows the viewer), {@code blocking} (the viewer blocked the
     * author), {@code blocked_by} (the author blocked the viewer), {@code muting} (the viewer muted
     * the author; {@code false AS muting} for a host without mutes). Rows: one per id asked for,
     * any order.
     *
     * @param sql the host's SQL
     * @return a copy with this statement replaced
     * @throws IllegalArgumentException if {@code sql} is blank
     */
    public FeedStatements withRelationships(String sql) {
        return with(Statement.RELATIONSHIPS, sql);
    }

    /**
     * Replaces one batch of an author's followers (fan-out on write).
     *
     * <p>Parameters: {@code :author_id} bigint, {@code :after_id} bigint (the follower id to continue
     * after, -1 to start), {@code :max} integer (or bigint). Column: {@code follower_id} bigint.
     * Rows: ascending {@code follower_id}, strictly after {@code :after_id}, at most {@code :max}.
     *
     * @param sql the host's SQL
     * @return a copy with this statement replaced
     * @throws IllegalArgumentException if {@code sql} is blank
     */
    public FeedStatements withFollowers(String sql) {
        return with(Statement.FOLLOWERS, sql);
    }

    /**
     * Replaces the bounded follower count of an author.
     *
     * <p>Parameters: {@code :author_id} bigint, {@code :at_most} bigint (or integer). Column:
     * {@code followers} bigint, the count, at most {@code :at_most}. Rows: one.
     *
     * @param sql the host's SQL
     * @return a copy with this statement replaced
     * @throws IllegalArgumentException if {@code sql} is blank
     */
    public FeedStatements withFollowerCount(String sql) {
        return with(Statement.FOLLOWER_COUNT, sql);
    }

    /**
     * Replaces one keyset page of an author's live posts (follows, pulled authors).
     *
     * <p>Parameters: {@code :author_id} bigint, {@code :after_created_at} timestamptz,
     * {@code :after_id} bigint, {@code :max} integer (or bigint). Columns: {@code id} bigint,
     * {@code author_id} bigint, {@code created_at} timestamptz. Rows: the author's live posts
     * strictly before {@code (:after_created_at, :after_id)}, ordered
     * {@code created_at DESC, id DESC}, at most {@code :max}. Blocks and mutes are not applied.
     *
     * @param sql the host's SQL
     * @return a copy with this statement replaced
     * @throws IllegalArgumentException if {@code sql} is blank
     */
    public FeedStatements withAuthorPosts(String sql) {
        return with(Statement.AUTHOR_POSTS, sql);
    }

    /** Parses every statement with {@code ${schema}} replaced by {@code quotedSchema}. */
    Map<Statement, Sql> resolve(String quotedSchema) {
        Map<Statement, Sql> out = new EnumMap<>(Statement.class);
        texts.forEach((s, text) -> out.put(s, Sql.parse(s.id,
                text.strip().replaceAll(";\\s*$", "").replace("${schema}", quotedSchema))));
        return out;
    }

    /**
     * @param statementName a statement's name, as in the validation messages ({@code candidates},
     *     {@code posts}, {@code follower_count}, ...)
     * @return its SQL text, before {@code ${schema}} is replaced
     * @throws IllegalArgumentException for an unknown name
     */
    public String sql(String statementName) {
        for (Statement s : Statement.values()) {
            if (s.id.equals(statementName)) {
                return texts.get(s);
            }
        }
        throw new IllegalArgumentException("no statement named " + statementName);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("FeedStatements[");
        for (Statement s : Statement.values()) {
            b.append(s.ordinal() == 0 ? "" : ", ").append(s.id)
                    .append(texts.get(s).equals(REFERENCE.texts.get(s)) ? "=reference" : "=host");
        }
        return b.append(']').toString();
    }
}
