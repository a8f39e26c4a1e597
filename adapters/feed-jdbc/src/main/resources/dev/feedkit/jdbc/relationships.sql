-- The viewer's relationship to each author, one row per author id asked for.
SELECT a.author_id,
       EXISTS (SELECT 1 FROM ${schema}.follows f WHERE f.follower_id = :viewer_id::bigint AND f.followee_id = a.author_id) AS following,
       EXISTS (SELECT 1 FROM ${schema}.follows f WHERE f.follower_id = a.author_id AND f.followee_id = :viewer_id::bigint) AS followed_by,
       EXISTS (SELECT 1 FROM ${schema}.blocks b WHERE b.blocker_id = :viewer_id::bigint AND b.blocked_id = a.author_id) AS blocking,
       EXISTS (SELECT 1 FROM ${schema}.blocks b WHERE b.blocker_id = a.author_id AND b.blocked_id = :viewer_id::bigint) AS blocked_by,
       EXISTS (SELECT 1 FROM ${schema}.mutes m WHERE m.muter_id = :viewer_id::bigint AND m.muted_id = a.author_id) AS muting
FROM unnest(:relationship_ids::bigint[]) AS a(author_id)
