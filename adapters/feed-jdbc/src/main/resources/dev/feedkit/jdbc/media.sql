-- The media of the posts, in position order within each post.
SELECT post_id, kind, url, width, height
FROM ${schema}.media
WHERE post_id = ANY(:post_ids::bigint[])
ORDER BY post_id, position
