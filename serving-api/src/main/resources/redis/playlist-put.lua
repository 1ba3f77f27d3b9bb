-- Caches a playlist's JSON under playlist:{id} unless the entry there is already as new or newer
-- (serving-api's PlaylistCache). A reader that loaded an older version from PostgreSQL while a
-- write was committing must not replace the newer copy a later reader stored.
-- KEYS[1]  playlist:{id}, a hash {version, json}
-- ARGV[1]  the version that the JSON shows
-- ARGV[2]  the JSON
-- ARGV[3]  TTL, seconds
-- Returns 1 when stored, 0 when a newer or equal version was already there.
local cached = tonumber(redis.call('HGET', KEYS[1], 'version'))
if cached ~= nil and cached >= tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'json', ARGV[2])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
