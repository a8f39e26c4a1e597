-- One keyset page of an author's live posts, newest first, strictly after (created_at, id): the
-- read-time pull of high-follower authors and the posts merged into a timeline on follow. A range
-- scan of posts_author_keyset_idx that stops after :max rows.
SELECT p.id, p.author_id, p.created_at
FROM ${schema}.posts p
WHERE p.author_id = :author_id::bigint
  AND p.deleted_at IS NULL
  AND (p.created_at, p.id) < (:after_created_at::timestamptz, :after_id::bigint)
ORDER BY p.created_at DESC, p.id DESC
LIMIT :max::int
