-- Search when Elasticsearch is down: trigram similarity (pg_trgm) over folded names, backed by GIN
-- indexes so that the fallback never scans a table (no LIKE '%q%').
--
-- search_fold() is what both the indexes and the queries apply: lower case, diacritics removed
-- (Motörhead and motorhead fold alike). unaccent() itself is only STABLE, because it reads its
-- dictionary through search_path; naming the dictionary explicitly makes the result depend on the
-- argument alone, which is what an index expression needs, hence the IMMUTABLE wrapper. The
-- SQL-standard body is bound when the function is created (the dictionary becomes its OID), so a
-- later search_path cannot change what it calls.
CREATE FUNCTION search_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(unaccent('unaccent'::regdictionary, $1));

CREATE INDEX songs_title_trgm ON songs USING gin (search_fold(title) gin_trgm_ops);
CREATE INDEX artists_name_trgm ON artists USING gin (search_fold(name) gin_trgm_ops);
CREATE INDEX albums_title_trgm ON albums USING gin (search_fold(title) gin_trgm_ops);

-- The full reindex versions each document with the latest outbox id of its entity.
CREATE INDEX outbox_by_entity ON outbox (entity_type, entity_id, id);
