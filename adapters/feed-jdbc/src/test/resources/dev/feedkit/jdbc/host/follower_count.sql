SELECT count(*) AS followers
FROM (SELECT 1 FROM ${schema}.subscriptions WHERE publisher = :author_id LIMIT :at_most) x
