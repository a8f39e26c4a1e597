-- Posts by id, deleted ones included: the pipeline filters them and caches the deletion.
SELECT id, author_id, body, created_at, deleted_at, like_count, reply_count, extra::text AS extra
FROM ${schema}.posts
WHERE id = ANY(:post_ids::bigint[])
