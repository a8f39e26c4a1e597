SELECT subscriber AS follower_id
FROM ${schema}.subscriptions
WHERE publisher = :author_id AND subscriber > :after_id
ORDER BY subscriber
LIMIT :max
