-- wrk script for `bin/platform bench edge` (infra/bench/edge.sh).
-- Each request asks for one 64 KB range of the file, at a random 64 KB-aligned offset, of
-- BENCH_PATH (path and query: the edge's is a signed URL, the baseline's the plain path).
-- BENCH_SIZE is the file's size; BENCH_MODE only labels the figures. At the end it prints one
-- JSON line of figures.

local mode = os.getenv("BENCH_MODE") or "?"
local path = os.getenv("BENCH_PATH") or "/"
local range_bytes = 65536
local ranges = math.floor(tonumber(os.getenv("BENCH_SIZE") or "0") / range_bytes)
local seeds = 0

setup = function(thread)
  seeds = seeds + 1
  thread:set("seed", seeds)
end

init = function()
  math.randomseed(seed or 1)
end

request = function()
  local offset = math.random(0, ranges - 1) * range_bytes
  return wrk.format("GET", path, { ["Range"] = "bytes=" .. offset .. "-" .. (offset + range_bytes - 1) }, nil)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"mode": "%s", "requests": %d, "bytes": %d, "duration_us": %d, "errors": %d, "non_2xx": %d, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    mode, summary.requests, summary.bytes, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
