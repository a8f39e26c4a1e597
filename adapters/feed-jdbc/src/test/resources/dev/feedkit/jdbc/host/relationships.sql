SELECT a.id AS author_id,
       EXISTS (SELECT 1 FROM ${schema}.subscriptions s WHERE s.subscriber = :viewer_id AND s.publisher = a.id) AS following,
       EXISTS (SELECT 1 FROM ${schema}.subscriptions s WHERE s.subscriber = a.id AND s.publisher = :viewer_id) AS followed_by,
       EXISTS (SELECT 1 FROM ${schema}.blocklist b WHERE b.owner_id = :viewer_id AND b.target_id = a.id) AS blocking,
       EXISTS (SELECT 1 FROM ${schema}.blocklist b WHERE b.owner_id = a.id AND b.target_id = :viewer_id) AS blocked_by,
       EXISTS (SELECT 1 FROM ${schema}.silenced m WHERE m.account_id = :viewer_id AND m.silenced_account_id = a.id) AS muting
FROM unnest(:relationship_ids::bigint[]) AS a(id)
