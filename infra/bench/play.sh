# shellcheck shell=bash
# usage: bin/platform bench play
#
# The play endpoint against a trivial authenticated endpoint of the same
# server (GET /api/v1/me), side by side in one run.
#
# Both go through the same stack (Jetty, routing, bearer-token check, JSON); play adds the song
# lookup in Redis, the rendition choice and the URL signature. Rounds alternate (play, me, me, play,
# ...) at the same concurrency so that the machine's noise (other processes, JIT, GC) falls on both.
# The load generator is wrk (C, event loop): on a 2-core machine a lighter client leaves more of the
# CPU to the server being measured than a JVM load generator would.
#
# The headline ratio is the median over rounds of (play req/s / me req/s) of the two runs of the
# same round: adjacent runs share the machine's load, so their ratio is steadier than the totals
# (also reported) on a shared machine.
#
# Both endpoints also go through the rate limiter (a token bucket per user in Redis). The benchmark's
# one listener sends thousands of requests a second, far over any per-person limit, so the API is
# (re)started with a limit it never reaches: what is measured is the limiter's cost, not its 429s.
# Each API process takes HARMONIA_RATE_LIMIT_LEASE_TOKENS (10) tokens per Redis round trip; export
# HARMONIA_RATE_LIMIT_LEASE_TOKENS=1 to measure a round trip on every request.
#
# Knobs: BENCH_ROUNDS (6), BENCH_SECONDS per run (8), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
# BENCH_SONGS_COUNT (50). Figures: serving-api/benchmarks/results/play.json and play.md.

bench_play() {
  local rounds="${BENCH_ROUNDS:-6}" seconds="${BENCH_SECONDS:-8}" connections="${BENCH_CONNECTIONS:-16}"
  local threads="${BENCH_THREADS:-2}" song_count="${BENCH_SONGS_COUNT:-50}"
  local lease="${HARMONIA_RATE_LIMIT_LEASE_TOKENS:-10}"
  local out_dir="$HARMONIA_ROOT/serving-api/benchmarks/results" lua="$HARMONIA_ROOT/infra/bench/play.lua"
  local work; work="$(mktemp -d)"

  apt_install wrk curl python3 postgresql-client
  step "Starting PostgreSQL, Redis and the API (rate limit: $lease tokens per Redis round trip, never reached)"
  cmd_up postgres redis > /dev/null
  cmd_migrate --only postgres > /dev/null
  export HARMONIA_RATE_LIMIT_LEASE_TOKENS="$lease"
  api_restart_without_rate_limits
  local api="$HARMONIA_API_URL"

  step "Creating the benchmark's catalog ($song_count songs, 3 renditions each) and listener"
  bench_play_catalog "$song_count"
  local email="bench-listener@example.com" password="bench-password-not-secret"
  curl -s -o /dev/null -X POST "$api/api/v1/users" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"display_name\":\"Bench\"}"
  local token
  token="$(curl -sf -X POST "$api/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')" \
    || die "could not get a token from $api"
  local songs; songs="$(seq -f 'bench-s-%03g' 1 "$song_count" | paste -sd, -)"

  step "Warming up: every song into the cache, then 10 s of each endpoint (JIT)"
  local id
  for id in ${songs//,/ }; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$api/api/v1/songs/$id")" = 200 ] \
      || die "GET /api/v1/songs/$id did not answer 200"
  done
  export BENCH_TOKEN="$token" BENCH_SONGS="$songs"
  BENCH_MODE=play wrk -t "$threads" -c "$connections" -d 10s -s "$lua" "$api" > /dev/null
  BENCH_MODE=me wrk -t "$threads" -c "$connections" -d 10s -s "$lua" "$api" > /dev/null
  local load_before; load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

  step "Measuring: $rounds rounds x ${seconds}s per endpoint, $connections connections, $threads wrk threads"
  local r mode
  for ((r = 1; r <= rounds; r++)); do
    # alternate the order each round: play,me then me,play
    for mode in $( ((r % 2)) && echo "play me" || echo "me play"); do
      BENCH_MODE="$mode" wrk -t "$threads" -c "$connections" -d "${seconds}s" -s "$lua" "$api" \
        | sed -n "s/^BENCH {/{\"round\": $r, /p" | tee -a "$work/rounds.jsonl" | sed "s/^/    /"
    done
  done

  mkdir -p "$out_dir"
  python3 - "$HARMONIA_ROOT/infra/bench" "$work/rounds.jsonl" "$out_dir" "$connections" "$threads" "$seconds" \
    "$song_count" "$load_before" "$lease" <<'PY'
import json, os, statistics, sys
sys.path.insert(0, sys.argv[1])
import wrk_rounds
rounds_file, out_dir, connections, threads, seconds, song_count, load_before, lease = sys.argv[2:]
rounds = wrk_rounds.load(rounds_file)
play, me = wrk_rounds.figures(rounds, "play"), wrk_rounds.figures(rounds, "me")
paired = wrk_rounds.paired_ratios(rounds, "play", "me")
ratio = round(statistics.median(paired), 3)
result = {
    "benchmark": "POST /api/v1/songs/{id}/play vs GET /api/v1/me (same server, same token, same concurrency)",
    "date": wrk_rounds.now(),
    "machine": wrk_rounds.machine(load_before),
    "setup": {"connections": int(connections), "wrk_threads": int(threads), "round_seconds": int(seconds),
              "rounds_per_endpoint": len([r for r in rounds if r["mode"] == "play"]), "songs": int(song_count),
              "cache": "warm (every song in Redis before measuring)",
              "rate_limiter": {"lease_tokens": int(lease), "limit": "never reached (10^9 a second)"}},
    "play": play,
    "me": me,
    "ratio": {"throughput_play_over_me": ratio,
              "how": "median over rounds of play req/s / me req/s within the round",
              "per_round": [round(x, 3) for x in paired],
              "totals_play_over_me": round(play["throughput_rps"] / me["throughput_rps"], 3),
              "p50_me_over_play": round(me["p50_ms"] / play["p50_ms"], 3) if play["p50_ms"] else None,
              "target": ">= 0.5"},
    "rounds": rounds,
}
with open(os.path.join(out_dir, "play.json"), "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
with open(os.path.join(out_dir, "play.md"), "w") as f:
    f.write(f"""# Benchmark: play vs a trivial authenticated endpoint

`bin/platform bench play` ({result['date']}, {result['machine']['cpus']} CPUs shared with wrk, the stores and other work:
load average {load_before} before, {result['machine']['load_average_after']} after).
{connections} connections, {threads} wrk threads, {len(play['per_round_rps'])} alternating rounds of {seconds} s per endpoint,
{song_count} songs with a warm Redis cache. Rate limiter on (a limit never reached), {lease} token(s) taken from
Redis per round trip.

| endpoint | requests | errors | throughput (req/s) | p50 (ms) | p99 (ms) |
| --- | ---: | ---: | ---: | ---: | ---: |
| `POST /api/v1/songs/{{id}}/play` | {play['requests']} | {play['errors']} | {play['throughput_rps']} | {play['p50_ms']} | {play['p99_ms']} |
| `GET /api/v1/me` (baseline) | {me['requests']} | {me['errors']} | {me['throughput_rps']} | {me['p50_ms']} | {me['p99_ms']} |

**Throughput ratio play / me: {ratio}** (target ≥ 0.5): the median of the per-round ratios
{result['ratio']['per_round']} (each round runs both endpoints back to back); the ratio of the totals is
{result['ratio']['totals_play_over_me']}. Per-round req/s: play {play['per_round_rps']}, me {me['per_round_rps']}.
Latencies are the median over rounds of each run's percentile (wrk). Raw figures: `play.json`.

Play does what /me does (routing, bearer-token check, rate limit, JSON) plus the song lookup (the API's in-process
tier, else Redis `song:{{id}}`), the rendition choice and an HMAC-SHA256 URL signature. To measure play
with every lookup going to Redis, start the API with `HARMONIA_API_SONG_LOCAL_CACHE_SECONDS=0`.
""")
print(f"    play {play['throughput_rps']} req/s (p50 {play['p50_ms']} ms, p99 {play['p99_ms']} ms); "
      f"me {me['throughput_rps']} req/s (p50 {me['p50_ms']} ms, p99 {me['p99_ms']} ms); ratio {ratio}")
if play["errors"] or me["errors"]:
    print(f"    warning: errors or non-2xx answers: play {play['errors']}, me {me['errors']}", file=sys.stderr)
PY
  rm -rf "$work"
  info "figures: $out_dir/play.json, $out_dir/play.md"
}

# The benchmark's own catalog rows (fixed ids, so reruns reuse them).
bench_play_catalog() { # song-count
  PGPASSWORD="$HARMONIA_PG_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h "$HARMONIA_HOST" -p "$HARMONIA_PG_PORT" \
    -U "$HARMONIA_PG_USER" -d "$HARMONIA_PG_DATABASE" -v n="$1" <<'SQL'
INSERT INTO artists (artist_id, name) VALUES ('bench-artist', 'Benchmark Orchestra') ON CONFLICT DO NOTHING;
INSERT INTO albums (album_id, artist_id, title, release_year, album_art_url)
VALUES ('bench-album', 'bench-artist', 'Load Test Suite', 2026, 'https://img.example.com/bench-album.jpg')
ON CONFLICT DO NOTHING;
INSERT INTO songs (song_id, title, artist_id, album_id, track_number, duration_ms)
SELECT format('bench-s-%s', lpad(i::text, 3, '0')), format('Movement %s', i), 'bench-artist', 'bench-album', i, 180000 + i
  FROM generate_series(1, :n) AS i
ON CONFLICT DO NOTHING;
INSERT INTO song_files (song_id, bitrate, object_key, size_bytes, duration_ms, sha256)
SELECT s.song_id, b, format('songs/%s/%s.00000000bench.mp3', s.song_id, b), 7200000, s.duration_ms + 41, repeat('ab', 32)
  FROM songs s CROSS JOIN (VALUES (128), (256), (320)) AS r(b)
 WHERE s.artist_id = 'bench-artist'
ON CONFLICT DO NOTHING;
SQL
}
