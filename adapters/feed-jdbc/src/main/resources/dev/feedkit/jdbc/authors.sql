-- Authors by id.
SELECT id, username, display_name, avatar_url, verified
FROM ${schema}.users
WHERE id = ANY(:author_ids::bigint[])
