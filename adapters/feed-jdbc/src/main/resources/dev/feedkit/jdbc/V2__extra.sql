-- Host fields: an extension object per post and per user (docs/CONTRACT.md, Host fields), read
-- as text and checked by the assembler (one JSON object, at most maxExtraBytes). NULL: none.
ALTER TABLE ${schema}.users ADD COLUMN extra jsonb NULL;
ALTER TABLE ${schema}.posts ADD COLUMN extra jsonb NULL;
