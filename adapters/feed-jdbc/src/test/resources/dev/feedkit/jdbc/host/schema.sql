CREATE TABLE ${schema}.accounts (
    account_id  bigint      PRIMARY KEY,
    handle      varchar(64) NOT NULL UNIQUE,
    full_name   text        NOT NULL,
    photo       text        NULL,
    is_verified boolean     NOT NULL,
    joined      timestamptz NOT NULL,
    profile     jsonb       NULL
);
CREATE TABLE ${schema}.subscriptions (
    subscriber bigint NOT NULL REFERENCES ${schema}.accounts,
    publisher  bigint NOT NULL REFERENCES ${schema}.accounts,
    PRIMARY KEY (subscriber, publisher)
);
CREATE INDEX subscriptions_publisher_idx ON ${schema}.subscriptions (publisher, subscriber);
CREATE TABLE ${schema}.blocklist (
    owner_id  bigint NOT NULL REFERENCES ${schema}.accounts,
    target_id bigint NOT NULL REFERENCES ${schema}.accounts,
    PRIMARY KEY (owner_id, target_id)
);
CREATE INDEX blocklist_target_idx ON ${schema}.blocklist (target_id, owner_id);
CREATE TABLE ${schema}.silenced (
    account_id          bigint NOT NULL REFERENCES ${schema}.accounts,
    silenced_account_id bigint NOT NULL REFERENCES ${schema}.accounts,
    PRIMARY KEY (account_id, silenced_account_id)
);
CREATE TABLE ${schema}.articles (
    article_id     bigint      PRIMARY KEY,
    writer_id      bigint      NOT NULL REFERENCES ${schema}.accounts,
    content        text        NOT NULL,
    published_at   timestamptz NOT NULL,
    removed_at     timestamptz NULL,
    hearts         integer     NOT NULL,
    comments_count integer     NOT NULL,
    attrs          jsonb       NULL
);
CREATE INDEX articles_writer_keyset_idx ON ${schema}.articles (writer_id, published_at DESC, article_id DESC)
    WHERE removed_at IS NULL;
CREATE TABLE ${schema}.attachments (
    article_id bigint  NOT NULL REFERENCES ${schema}.articles,
    seq        integer NOT NULL,
    media_type text    NOT NULL,
    href       text    NOT NULL,
    w          integer NULL,
    h          integer NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE TABLE ${schema}.labels (
    article_id bigint       NOT NULL REFERENCES ${schema}.articles,
    label      varchar(100) NOT NULL,
    PRIMARY KEY (article_id, label)
);
CREATE VIEW ${schema}.feed_media AS
    SELECT article_id AS post_id, seq AS position, media_type AS kind, href AS url, w AS width, h AS height
    FROM ${schema}.attachments;
