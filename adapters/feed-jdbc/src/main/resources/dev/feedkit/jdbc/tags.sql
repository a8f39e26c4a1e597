-- The tags of the posts, in ascending code point order (COLLATE "C", as Java sorts them) within each post.
SELECT post_id, tag
FROM ${schema}.post_tags
WHERE post_id = ANY(:post_ids::bigint[])
ORDER BY post_id, tag COLLATE "C"
