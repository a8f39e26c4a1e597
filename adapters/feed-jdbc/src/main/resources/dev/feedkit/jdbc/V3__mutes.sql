-- Mutes (docs/CONTRACT.md): the muter no longer sees the muted user's posts, even while following
-- them. One-way, so the primary key (muter_id, muted_id) is the only index the candidate and
-- relationship queries need; no reverse index as blocks have.

CREATE TABLE ${schema}.mutes (
    muter_id   bigint      NOT NULL REFERENCES ${schema}.users (id) ON DELETE CASCADE,
    muted_id   bigint      NOT NULL REFERENCES ${schema}.users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (muter_id, muted_id)
);
