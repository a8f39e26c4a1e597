INSERT INTO ${schema}.accounts SELECT id, username, display_name, avatar_url, verified, created_at, extra FROM ${reference}.users;
INSERT INTO ${schema}.subscriptions SELECT follower_id, followee_id FROM ${reference}.follows;
INSERT INTO ${schema}.blocklist SELECT blocker_id, blocked_id FROM ${reference}.blocks;
INSERT INTO ${schema}.silenced SELECT muter_id, muted_id FROM ${reference}.mutes;
INSERT INTO ${schema}.articles SELECT id, author_id, body, created_at, deleted_at, like_count, reply_count, extra FROM ${reference}.posts;
INSERT INTO ${schema}.attachments SELECT post_id, position, kind, url, width, height FROM ${reference}.media;
INSERT INTO ${schema}.labels SELECT post_id, tag FROM ${reference}.post_tags;
ANALYZE ${schema}.accounts, ${schema}.subscriptions, ${schema}.blocklist, ${schema}.silenced, ${schema}.articles,
    ${schema}.attachments, ${schema}.labels;
