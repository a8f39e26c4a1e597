-- Authors by id.
SELECT id, username, display_name, avatar_url, verified, extra::text AS extra
FROM ${schema}.users
WHERE id = ANY(:author_ids::bigint[])
