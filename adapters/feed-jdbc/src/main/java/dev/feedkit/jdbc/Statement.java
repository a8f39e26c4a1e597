package dev.feedkit.jdbc;

import java.util.List;

/*
 * The contract of each statement, in one table: its name, the reference resource, the parameters
 * it must use (with the PostgreSQL types they are bound as) and the columns its mapper reads. The
 * reference SQL, FeedStatements' javadoc, the feed-jdbc README and SchemaCheck all follow it.
 */

/** One statement of feed-jdbc and what it must look like; see {@link FeedStatements}. */
enum Statement {
    CANDIDATES("candidates", List.of(Param.VIEWER_ID, Param.AFTER_CREATED_AT, Param.AFTER_ID, Param.MAX),
            CandidateMapper.COLUMNS),
    POSTS("posts", List.of(Param.POST_IDS), PostMapper.COLUMNS),
    MEDIA("media", List.of(Param.POST_IDS), MediaMapper.COLUMNS),
    TAGS("tags", List.of(Param.POST_IDS), TagMapper.COLUMNS),
    AUTHORS("authors", List.of(Param.AUTHOR_IDS), AuthorMapper.COLUMNS),
    RELATIONSHIPS("relationships", List.of(Param.VIEWER_ID, Param.RELATIONSHIP_IDS), RelationshipMapper.COLUMNS),
    FOLLOWERS("followers", List.of(Param.AUTHOR_ID, Param.AFTER_FOLLOWER_ID, Param.MAX),
            List.of(new Column("follower_id", "int8"))),
    FOLLOWER_COUNT("follower_count", List.of(Param.AUTHOR_ID, Param.AT_MOST),
            List.of(new Column("followers", "int8"))),
    AUTHOR_POSTS("author_posts", List.of(Param.AUTHOR_ID, Param.AFTER_CREATED_AT, Param.AFTER_ID, Param.MAX),
            CandidateMapper.COLUMNS);

    /** The statements of the one-round-trip entity batch, in the order their results are read. */
    static final List<Statement> BATCH = List.of(POSTS, MEDIA, TAGS, AUTHORS, RELATIONSHIPS);

    final String id;
    final List<Param> params;
    final List<Column> columns;

    Statement(String id, List<Param> params, List<Column> columns) {
        this.id = id;
        this.params = params;
        this.columns = columns;
    }

    /** @return the reference SQL's resource beside this class */
    String resource() {
        return id + ".sql";
    }

    /**
     * A named parameter: its name in the SQL ({@code :name}), the PostgreSQL types it may be
     * described as (the first is the one it is bound as) and what it holds.
     */
    record Param(String name, List<String> types, String meaning) {
        static final Param VIEWER_ID = new Param("viewer_id", List.of("int8"), "the viewer's user id");
        static final Param AFTER_CREATED_AT = new Param("after_created_at", List.of("timestamptz"),
                "the created_at of the keyset position to continue after ('infinity' for the first page)");
        static final Param AFTER_ID = new Param("after_id", List.of("int8"),
                "the post id of the keyset position to continue after");
        static final Param MAX = new Param("max", List.of("int4", "int8"), "the most rows to return");
        static final Param POST_IDS = new Param("post_ids", List.of("_int8"), "the post ids to load");
        static final Param AUTHOR_IDS = new Param("author_ids", List.of("_int8"), "the user ids to load");
        static final Param RELATIONSHIP_IDS = new Param("relationship_ids", List.of("_int8"),
                "the author ids to relate the viewer to");
        static final Param AUTHOR_ID = new Param("author_id", List.of("int8"), "the author's user id");
        static final Param AFTER_FOLLOWER_ID = new Param("after_id", List.of("int8"),
                "the follower id to continue after (-1 to start)");
        static final Param AT_MOST = new Param("at_most", List.of("int8", "int4"), "where to stop counting");
    }
}
