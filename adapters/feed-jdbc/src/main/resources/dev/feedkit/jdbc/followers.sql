-- One batch of an author's followers for fan-out on write, in ascending id order, strictly after
-- :after_id. An index-only range scan of follows_followee_idx (followee_id, follower_id): the cost
-- of a batch is its size, wherever it starts.
SELECT f.follower_id
FROM ${schema}.follows f
WHERE f.followee_id = :author_id::bigint
  AND f.follower_id > :after_id::bigint
ORDER BY f.follower_id
LIMIT :max::int
