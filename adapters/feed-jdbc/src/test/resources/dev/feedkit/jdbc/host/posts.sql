SELECT article_id AS id, writer_id AS author_id, content AS body, published_at AS created_at,
       removed_at AS deleted_at, hearts AS like_count, comments_count AS reply_count,
       attrs AS extra
FROM ${schema}.articles
WHERE article_id = ANY(:post_ids)
