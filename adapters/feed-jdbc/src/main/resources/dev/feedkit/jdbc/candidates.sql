-- The keyset page of a viewer's home feed: the viewer's own posts and those of followed authors,
-- live, with no block in either direction and no mute by the viewer, strictly after (created_at, id), newest first.
-- Each author contributes at most :max rows read in index order from posts_author_keyset_idx
-- (LATERAL ... LIMIT), so the final sort merges at most authors x :max rows, never an author's
-- whole history.
SELECT p.id, p.author_id, p.created_at
FROM (
    SELECT f.followee_id AS author_id
    FROM ${schema}.follows f
    WHERE f.follower_id = :viewer_id::bigint
    UNION
    SELECT :viewer_id::bigint
) a
CROSS JOIN LATERAL (
    SELECT x.id, x.author_id, x.created_at
    FROM ${schema}.posts x
    WHERE x.author_id = a.author_id
      AND x.deleted_at IS NULL
      AND (x.created_at, x.id) < (:after_created_at::timestamptz, :after_id::bigint)
    ORDER BY x.created_at DESC, x.id DESC
    LIMIT :max::int
) p
WHERE NOT EXISTS (SELECT 1 FROM ${schema}.blocks b WHERE b.blocker_id = :viewer_id::bigint AND b.blocked_id = a.author_id)
  AND NOT EXISTS (SELECT 1 FROM ${schema}.blocks b WHERE b.blocker_id = a.author_id AND b.blocked_id = :viewer_id::bigint)
  AND NOT EXISTS (SELECT 1 FROM ${schema}.mutes m WHERE m.muter_id = :viewer_id::bigint AND m.muted_id = a.author_id)
ORDER BY p.created_at DESC, p.id DESC
LIMIT :max::int
