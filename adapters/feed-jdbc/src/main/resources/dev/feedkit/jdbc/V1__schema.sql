-- The reference schema of docs/CONTRACT.md, with foreign keys and the indexes the keyset query needs.
-- ${schema} is replaced by the configured schema (a quoted identifier) before this runs.

CREATE TABLE ${schema}.users (
    id           bigint      PRIMARY KEY,
    username     text        NOT NULL UNIQUE,
    display_name text        NOT NULL,
    avatar_url   text        NULL,
    verified     boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL
);

CREATE TABLE ${schema}.follows (
    follower_id bigint      NOT NULL REFERENCES ${schema}.users (id) ON DELETE CASCADE,
    followee_id bigint      NOT NULL REFERENCES ${schema}.users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, followee_id)
);
-- "Who follows this author" (followed_by, fan-out on write, unfollow cascades).
CREATE INDEX follows_followee_idx ON ${schema}.follows (followee_id, follower_id);

CREATE TABLE ${schema}.blocks (
    blocker_id bigint      NOT NULL REFERENCES ${schema}.users (id) ON DELETE CASCADE,
    blocked_id bigint      NOT NULL REFERENCES ${schema}.users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (blocker_id, blocked_id)
);
-- Blocks are checked in both directions: "did this author block the viewer" needs this one.
CREATE INDEX blocks_blocked_idx ON ${schema}.blocks (blocked_id, blocker_id);

CREATE TABLE ${schema}.posts (
    id          bigint      PRIMARY KEY,
    author_id   bigint      NOT NULL REFERENCES ${schema}.users (id) ON DELETE CASCADE,
    body        text        NOT NULL,
    created_at  timestamptz NOT NULL,
    deleted_at  timestamptz NULL,
    like_count  int         NOT NULL DEFAULT 0,
    reply_count int         NOT NULL DEFAULT 0
);
-- The keyset index: per author, newest first, live posts only. The candidate query reads the
-- top N of each followed author from it and never sorts an author's whole history.
CREATE INDEX posts_author_keyset_idx ON ${schema}.posts (author_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;

CREATE TABLE ${schema}.media (
    post_id  bigint   NOT NULL REFERENCES ${schema}.posts (id) ON DELETE CASCADE,
    position smallint NOT NULL,
    kind     text     NOT NULL CHECK (kind IN ('image', 'video', 'gif')),
    url      text     NOT NULL,
    width    int      NULL,
    height   int      NULL,
    PRIMARY KEY (post_id, position)
);

CREATE TABLE ${schema}.post_tags (
    post_id bigint NOT NULL REFERENCES ${schema}.posts (id) ON DELETE CASCADE,
    tag     text   NOT NULL,
    PRIMARY KEY (post_id, tag)
);
