-- A token bucket, refilled and taken from in one atomic step (serving-api's RateLimiter).
-- KEYS[1]  the bucket, a hash {tokens, at_ms}
-- ARGV[1]  refill rate, tokens per second (may be fractional)
-- ARGV[2]  capacity (the burst)
-- ARGV[3]  how many tokens the caller would like (it keeps the surplus for its next requests)
-- Returns {granted, tokens left (floored), ms until one token is available (0 when granted > 0)}.
-- Time is Redis's own clock, so API instances with skewed clocks share one notion of "now".
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now_ms = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at_ms')
local tokens = tonumber(bucket[1])
local at_ms = tonumber(bucket[2])
if tokens == nil or at_ms == nil then
  tokens = capacity
  at_ms = now_ms
end
if now_ms > at_ms then
  tokens = tokens + (now_ms - at_ms) * rate / 1000
  at_ms = now_ms
end
-- never more than the capacity, also when the limits were lowered since the bucket was filled
tokens = math.min(capacity, tokens)

local granted = math.min(wanted, math.floor(tokens))
local wait_ms = 0
if granted < 1 then
  granted = 0
  wait_ms = math.ceil((1 - tokens) * 1000 / rate)
end
tokens = tokens - granted

redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at_ms', tostring(at_ms))
-- a bucket left alone until it is full again is the same as no bucket: let it go
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
return {granted, math.floor(tokens), wait_ms}
