SELECT account_id AS id, handle AS username, full_name AS display_name, photo AS avatar_url,
       is_verified AS verified, profile AS extra
FROM ${schema}.accounts
WHERE account_id = ANY(:author_ids)
