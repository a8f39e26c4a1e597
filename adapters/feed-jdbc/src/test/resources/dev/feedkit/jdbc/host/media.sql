SELECT post_id, kind, url, width, height
FROM ${schema}.feed_media
WHERE post_id = ANY(:post_ids)
ORDER BY post_id, position
