-- Tiers and roles belong to the platform: sign-up creates FREE listeners without roles, and only an
-- operator (bin/platform admin, which talks to PostgreSQL directly, never through a listener's
-- token) changes them. Every change leaves an audit row; tokens issued afterwards carry it.

ALTER TABLE users ALTER COLUMN subscription SET DEFAULT 'FREE';
ALTER TABLE users ADD COLUMN roles text[] NOT NULL DEFAULT '{}'
    CHECK (roles <@ ARRAY['ROYALTY', 'CATALOG']::text[]);

CREATE TABLE account_changes (
    change_id   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     text        NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    changed_by  text        NOT NULL CHECK (char_length(changed_by) BETWEEN 1 AND 200),
    changed_at  timestamptz NOT NULL DEFAULT now(),
    what        text        NOT NULL CHECK (what IN ('subscription', 'role')),
    from_value  text,
    to_value    text,
    reason      text
);
CREATE INDEX account_changes_by_user ON account_changes (user_id, changed_at);
