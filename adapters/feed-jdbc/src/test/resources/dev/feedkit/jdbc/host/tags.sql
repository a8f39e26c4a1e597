SELECT article_id AS post_id, label AS tag
FROM ${schema}.labels
WHERE article_id = ANY(:post_ids)
ORDER BY article_id, label COLLATE "C"
