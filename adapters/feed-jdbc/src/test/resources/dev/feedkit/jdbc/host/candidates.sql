SELECT p.article_id AS id, p.writer_id AS author_id, p.published_at AS created_at
FROM (
    SELECT s.publisher AS writer_id FROM ${schema}.subscriptions s WHERE s.subscriber = :viewer_id
    UNION
    SELECT :viewer_id::bigint
) w
CROSS JOIN LATERAL (
    SELECT x.article_id, x.writer_id, x.published_at
    FROM ${schema}.articles x
    WHERE x.writer_id = w.writer_id
      AND x.removed_at IS NULL
      AND (x.published_at, x.article_id) < (:after_created_at, :after_id)
    ORDER BY x.published_at DESC, x.article_id DESC
    LIMIT :max
) p
WHERE NOT EXISTS (SELECT 1 FROM ${schema}.blocklist b
                  WHERE (b.owner_id = :viewer_id AND b.target_id = w.writer_id)
                     OR (b.owner_id = w.writer_id AND b.target_id = :viewer_id))
  AND NOT EXISTS (SELECT 1 FROM ${schema}.silenced m
                  WHERE m.account_id = :viewer_id AND m.silenced_account_id = w.writer_id)
ORDER BY p.published_at DESC, p.article_id DESC
LIMIT :max
