-- Harmonia's relational model: the catalog, users, playlists, idempotency keys, the search outbox
-- and per-song play counts. IDs are opaque strings chosen by whoever creates the row (the ingest
-- manifest for the catalog, the API for users and playlists); times are UTC (timestamptz).

-- Trigram similarity backs search when Elasticsearch is down; unaccent folds diacritics for it.
-- Both are trusted extensions: the database owner may create them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- ---------------------------------------------------------------------------------------------
-- Catalog
-- ---------------------------------------------------------------------------------------------

CREATE TABLE artists (
    artist_id   text        PRIMARY KEY CHECK (artist_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 500),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE albums (
    album_id      text        PRIMARY KEY CHECK (album_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    artist_id     text        NOT NULL REFERENCES artists (artist_id),
    title         text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
    release_year  integer     CHECK (release_year BETWEEN 1800 AND 2200),
    album_art_url text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX albums_by_artist ON albums (artist_id, release_year);

CREATE TABLE songs (
    song_id       text        PRIMARY KEY CHECK (song_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    title         text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
    artist_id     text        NOT NULL REFERENCES artists (artist_id),
    album_id      text        REFERENCES albums (album_id),
    track_number  integer     CHECK (track_number > 0),
    genre         text,
    release_year  integer     CHECK (release_year BETWEEN 1800 AND 2200),
    duration_ms   integer     NOT NULL CHECK (duration_ms > 0),
    -- SHA-256 of the master audio the renditions were encoded from: re-ingesting the same master
    -- is a no-op; a new master gets new (versioned) rendition keys
    master_sha256 text        CHECK (master_sha256 ~ '^[0-9a-f]{64}$'),
    -- the sum of song_play_counts, refreshed by the play-count aggregator after each run
    play_count    bigint      NOT NULL DEFAULT 0 CHECK (play_count >= 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX songs_by_album ON songs (album_id, track_number);
CREATE INDEX songs_by_artist ON songs (artist_id);

-- One encoded rendition per song and bitrate. Object keys are immutable: a new encoding gets a new
-- key, so that edge caches never serve stale bytes.
CREATE TABLE song_files (
    song_id      text        NOT NULL REFERENCES songs (song_id) ON DELETE CASCADE,
    bitrate      integer     NOT NULL CHECK (bitrate IN (128, 256, 320)),
    object_key   text        NOT NULL UNIQUE,
    size_bytes   bigint      NOT NULL CHECK (size_bytes > 0),
    duration_ms  integer     NOT NULL CHECK (duration_ms > 0),
    sha256       text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (song_id, bitrate)
);

-- ---------------------------------------------------------------------------------------------
-- Users
-- ---------------------------------------------------------------------------------------------

CREATE TABLE users (
    user_id       text        PRIMARY KEY,
    email         text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    password_hash text        NOT NULL,
    display_name  text        NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
    subscription  text        NOT NULL CHECK (subscription IN ('FREE', 'PREMIUM')),
    created_at    timestamptz NOT NULL DEFAULT now()
);
-- one account per address, whatever its case
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

-- ---------------------------------------------------------------------------------------------
-- Playlists: optimistic locking on `version`; positions are 0..n-1 without gaps.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE playlists (
    playlist_id      text        PRIMARY KEY,
    owner_id         text        NOT NULL REFERENCES users (user_id),
    name             text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    description      text        CHECK (char_length(description) <= 1000),
    is_collaborative boolean     NOT NULL DEFAULT false,
    version          bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX playlists_by_owner ON playlists (owner_id, created_at);

CREATE TABLE playlist_songs (
    playlist_id text        NOT NULL REFERENCES playlists (playlist_id) ON DELETE CASCADE,
    position    integer     NOT NULL CHECK (position >= 0),
    song_id     text        NOT NULL REFERENCES songs (song_id),
    added_by    text        NOT NULL REFERENCES users (user_id),
    added_at    timestamptz NOT NULL DEFAULT now(),
    -- Deferred: an insert or a move shifts a run of positions in one statement, which passes
    -- through duplicates before the transaction ends.
    CONSTRAINT playlist_songs_position_unique UNIQUE (playlist_id, position) DEFERRABLE INITIALLY DEFERRED,
    -- a song is in a playlist at most once
    PRIMARY KEY (playlist_id, song_id)
);

CREATE TABLE playlist_collaborators (
    playlist_id text        NOT NULL REFERENCES playlists (playlist_id) ON DELETE CASCADE,
    user_id     text        NOT NULL REFERENCES users (user_id),
    added_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (playlist_id, user_id)
);
CREATE INDEX playlist_collaborators_by_user ON playlist_collaborators (user_id);

-- A retried request with the same key returns the first answer. Keys are scoped per user; the
-- request hash tells a retry (same request) from a reuse of the key for another request.
CREATE TABLE idempotency_keys (
    user_id         text        NOT NULL REFERENCES users (user_id),
    idempotency_key text        NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 200),
    request_hash    text        NOT NULL,
    response_status integer     NOT NULL,
    response_body   jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- ---------------------------------------------------------------------------------------------
-- Transactional outbox: a catalog write inserts its event here in the same transaction; the relay
-- publishes rows to Kafka `catalog-events` in id order and marks them published after the ack.
-- The id doubles as the Elasticsearch external version of the document the event carries.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE outbox (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity_type  text        NOT NULL CHECK (entity_type IN ('song', 'artist', 'album')),
    entity_id    text        NOT NULL,
    op           text        NOT NULL CHECK (op IN ('upsert', 'delete')),
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- ---------------------------------------------------------------------------------------------
-- Play counts: qualified plays per song per time window, upserted by the aggregator so that a
-- re-fired or replayed window replaces its count instead of adding to it.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE song_play_counts (
    song_id      text        NOT NULL REFERENCES songs (song_id),
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    play_count   bigint      NOT NULL CHECK (play_count >= 0),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (song_id, window_start),
    CHECK (window_end > window_start)
);
CREATE INDEX song_play_counts_by_window ON song_play_counts (window_start);
