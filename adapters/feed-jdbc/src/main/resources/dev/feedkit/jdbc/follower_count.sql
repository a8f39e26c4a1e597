-- An author's follower count, stopping at :at_most: deciding whether an author is above the
-- fan-out threshold reads at most that many entries of follows_followee_idx, however many
-- followers the author has.
SELECT count(*) AS followers
FROM (
    SELECT 1
    FROM ${schema}.follows f
    WHERE f.followee_id = :author_id::bigint
    LIMIT :at_most::bigint
) x
