-- The tags of the posts, in a stable (alphabetical) order within each post.
SELECT post_id, tag
FROM ${schema}.post_tags
WHERE post_id = ANY(:post_ids)
ORDER BY post_id, tag
