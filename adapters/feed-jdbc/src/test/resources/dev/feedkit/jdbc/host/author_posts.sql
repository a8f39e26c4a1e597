SELECT article_id AS id, writer_id AS author_id, published_at AS created_at
FROM ${schema}.articles
WHERE writer_id = :author_id
  AND removed_at IS NULL
  AND (published_at, article_id) < (:after_created_at, :after_id)
ORDER BY published_at DESC, article_id DESC
LIMIT :max
