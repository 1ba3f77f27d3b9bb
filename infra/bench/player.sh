# shellcheck shell=bash
# usage: bin/platform bench player
#
# The web player's click-to-playing time in Chromium (web-player/benchmarks/click_to_playing.py): from
# the click on a track's play button to the audio element's `playing` event, over BENCH_PLAYS (20)
# plays each of: the player with the edge's cache cold for the song (MISS: songs the edge has never
# served), the same songs again (HIT; a fresh browser context, so no browser cache), and the browser's
# floor — the same MP3 file from a file:// page given to a plain <audio> element. One warm-up play per
# browser context is not counted. p50 and p95 of each, side by side in one run.
#
# It ingests a catalog of its own each run (BENCH_PLAYS + 1 generated 8-second songs under a fresh id
# prefix, so every song is new to the edge's cache), starts what it needs that is down (postgres,
# redis, objectstore, edge, api) and stops again what it started. Figures:
# web-player/benchmarks/results/player.json and player.md.

bench_player() {
  local plays="${BENCH_PLAYS:-20}"
  local out_dir="$HARMONIA_ROOT/web-player/benchmarks/results"
  local work; work="$(mktemp -d)"
  # shellcheck source=../player.sh
  source "$HARMONIA_ROOT/infra/player.sh"
  local needed=(postgres redis objectstore edge api) started=() s
  for s in "${needed[@]}"; do [ "$(service_state "$s")" = down ] && started+=("$s"); done
  # shellcheck disable=SC2064
  trap "rm -rf '$work'; [ ${#started[@]} -eq 0 ] || cmd_down ${started[*]} > /dev/null 2>&1 || true" RETURN
  ensure_player_test_env
  step "Starting what the player needs: ${needed[*]}"
  cmd_up "${needed[@]}" > "$work/up.log" 2>&1 || { tail -n 30 "$work/up.log"; die "the services did not start"; }

  local prefix="bp$(random_token 3)"
  step "The benchmark's catalog: $((plays + 1)) new songs ($prefix-*)"
  mkdir -p "$work/catalog/masters"
  python3 - "$work/catalog" "$prefix" "$((plays + 1))" <<'PY'
import json, subprocess, sys
out, prefix, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
songs = []
for i in range(n):
    master = f"masters/{prefix}-{i:02d}.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"aevalsrc=exprs='0.3*sin(2*PI*{220 + 11 * i}*t)':s=44100:d=8", "-ac", "2", f"{out}/{master}"], check=True)
    songs.append({"song_id": f"{prefix}-s{i:02d}", "title": f"Bench tone {i}", "artist_id": f"{prefix}-ar",
                  "album_id": f"{prefix}-al", "track_number": i + 1, "genre": "test", "release_year": 2026, "master": master})
json.dump({"format": "harmonia-catalog/1", "artists": [{"artist_id": f"{prefix}-ar", "name": "Bench Tones"}],
           "albums": [{"album_id": f"{prefix}-al", "artist_id": f"{prefix}-ar", "title": "Bench Tones"}],
           "songs": songs}, open(f"{out}/catalog.json", "w"))
PY
  job_ingest_quiet "$work/catalog"

  local email="bench-player-$prefix@example.com" password="bench-password-not-secret" api; api="$(api_url)"
  curl -s -o /dev/null -X POST "$api/api/v1/users" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"display_name\":\"Bench\"}"
  "$HARMONIA_ROOT/bin/platform" admin set-tier "$email" PREMIUM --reason "bench player: the 320 kbps rendition" > /dev/null
  local token
  token="$(curl -sf -X POST "$api/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')" \
    || die "could not get a token from $api"
  local ids; ids="$(seq -f "$prefix-s%02g" 0 "$plays" | paste -sd, -)"
  local note="load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; $(nproc) cores; $(chromium --version 2>/dev/null | head -1)"

  step "Measuring: $plays plays each, MISS, HIT, file://"
  BENCH_ALBUM="$prefix-al" PLAYER_CHROMIUM="$(player_chromium)" "$(player_venv)/bin/python" \
    "$HARMONIA_ROOT/web-player/benchmarks/click_to_playing.py" "$api" "$token" "$ids" "$work" "$out_dir" "$note"
  info "figures: $out_dir/player.json, player.md"
}

job_ingest_quiet() { # catalog dir
  "$HARMONIA_ROOT/bin/platform" ingest "$1" > "$(dirname "$1")/ingest.log" 2>&1 \
    || { tail -n 30 "$(dirname "$1")/ingest.log"; die "ingest failed"; }
}
