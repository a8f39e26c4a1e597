-- The foreign keys and non-unique indexes of a schema, with the DDL to drop and to re-create each.
-- Parameters: the quoted schema name, twice. Indexes are re-created before foreign keys (order 0, 1).
SELECT drop_ddl, restore_ddl FROM (
    SELECT 0 AS step,
           'DROP INDEX ' || i.indexrelid::regclass AS drop_ddl,
           pg_get_indexdef(i.indexrelid) AS restore_ddl
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relnamespace = ?::regnamespace AND NOT i.indisunique AND NOT i.indisprimary
    UNION ALL
    SELECT 1,
           'ALTER TABLE ' || k.conrelid::regclass || ' DROP CONSTRAINT ' || quote_ident(k.conname),
           'ALTER TABLE ' || k.conrelid::regclass || ' ADD CONSTRAINT ' || quote_ident(k.conname) || ' '
               || pg_get_constraintdef(k.oid)
    FROM pg_constraint k
    WHERE k.connamespace = ?::regnamespace AND k.contype = 'f'
) ddl
ORDER BY step, restore_ddl
