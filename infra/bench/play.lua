-- wrk script for `bin/platform bench play` (infra/bench/play.sh).
-- BENCH_MODE=play: POST /api/v1/songs/{id}/play over the songs in BENCH_SONGS (comma-separated),
--                  X-Network-Quality cycling low/medium/high;
-- BENCH_MODE=me:   GET /api/v1/me, the trivial authenticated baseline.
-- Both send the same bearer token (BENCH_TOKEN). At the end it prints one JSON line of figures.

local mode = os.getenv("BENCH_MODE") or "me"
local token = os.getenv("BENCH_TOKEN") or ""
local songs = {}
for id in string.gmatch(os.getenv("BENCH_SONGS") or "", "[^,]+") do
  songs[#songs + 1] = id
end
local qualities = { "low", "medium", "high" }
local counter = 0

request = function()
  counter = counter + 1
  local headers = { ["Authorization"] = "Bearer " .. token }
  if mode == "play" then
    headers["X-Network-Quality"] = qualities[counter % #qualities + 1]
    return wrk.format("POST", "/api/v1/songs/" .. songs[counter % #songs + 1] .. "/play", headers, nil)
  end
  return wrk.format("GET", "/api/v1/me", headers, nil)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"mode": "%s", "requests": %d, "duration_us": %d, "errors": %d, "non_2xx": %d, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    mode, summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
