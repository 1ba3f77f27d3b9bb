# shellcheck shell=bash
# The demo's tour: what a listener's app does, through the real API and the real edge, with curl.
# Sourced by infra/demo.sh after the services are up and the demo catalog is ingested.

TOUR_DIR="$HARMONIA_STATE_DIR/demo-tour"
API="$HARMONIA_API_URL/api/v1"

# A JSON field from stdin: json_field 'expr' where expr indexes `d` (e.g. d["songs"][0]["title"]).
json_field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# A JSON object of strings: json_object key value [key value...] (any characters in the values).
json_object() { python3 -c 'import json,sys; a=sys.argv[1:]; print(json.dumps(dict(zip(a[::2], a[1::2]))))' "$@"; }

# curl against the API; retries a 429 after its Retry-After (the demo sends bursts a person would not).
api() { # method path [json-body] [token] -> body on stdout; fails on an unexpected status
  local method="$1" path="$2" body="${3:-}" token="${4:-}" out headers status attempt wait
  out="$(mktemp)"; headers="$(mktemp)"
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    local args=(-sS -o "$out" -D "$headers" -w '%{http_code}' -X "$method" "$API$path")
    [ -z "$body" ] || args+=(-H 'Content-Type: application/json' --data-binary "$body")
    [ -z "$token" ] || args+=(-H "Authorization: Bearer $token")
    status="$(curl "${args[@]}")"
    [ "$status" = 429 ] || break
    wait="$(tr -d '\r' < "$headers" | awk 'tolower($1) == "retry-after:" {print $2}')"
    sleep "${wait:-1}"
  done
  cat "$out"; rm -f "$out" "$headers"
  case "$status" in 2??|409) return 0 ;; *) echo "  $method $path answered $status" >&2; return 1 ;; esac
}

tour_token() { # email password -> access token
  api POST /auth/token "$(json_object email "$1" password "$2")" | json_field 'd["access_token"]'
}

# The demo listener, the login the demo prints for the web player: demo@harmonia.local with the password
# HARMONIA_DEMO_PASSWORD, else the one generated on the first demo; either is kept in the state directory
# (mode 600) for the next run. Created once: a second demo finds it (409) and logs in.
tour_demo_user() {
  mkdir -p "$TOUR_DIR"
  local file="$TOUR_DIR/demo-user.env" password
  if [ -n "${HARMONIA_DEMO_PASSWORD:-}" ]; then
    password="$HARMONIA_DEMO_PASSWORD"
  elif [ -s "$file" ]; then
    password="$(sed -n 's/^DEMO_PASSWORD=//p' "$file")"
  else
    password="$(random_token 12)"
  fi
  DEMO_EMAIL=demo@harmonia.local
  DEMO_PASSWORD="$password"
  api POST /users "$(json_object email "$DEMO_EMAIL" password "$DEMO_PASSWORD" display_name "Demo Listener")" > /dev/null
  DEMO_TOKEN="$(tour_token "$DEMO_EMAIL" "$DEMO_PASSWORD" 2> /dev/null)" \
    || die "the demo listener $DEMO_EMAIL exists with another password than $([ -n "${HARMONIA_DEMO_PASSWORD:-}" ] \
      && echo HARMONIA_DEMO_PASSWORD || echo "the one in $file")"
  # kept once it logs in: a wrong HARMONIA_DEMO_PASSWORD does not replace the password that works
  (umask 077; printf 'DEMO_EMAIL=%s\nDEMO_PASSWORD=%s\n' "$DEMO_EMAIL" "$DEMO_PASSWORD" > "$file.tmp")
  mv "$file.tmp" "$file"
  # sign-up makes FREE listeners; the tier is the operator's to set (audited): PREMIUM, for 320 kbps
  "$HARMONIA_ROOT/bin/platform" admin set-tier "$DEMO_EMAIL" PREMIUM --reason "the demo listener" > /dev/null
  DEMO_USER_ID="$(api GET /me "" "$DEMO_TOKEN" | json_field 'd["user_id"]')"
}

tour_play() {
  local catalog="$HARMONIA_STATE_DIR/demo-catalog/catalog.json"
  TOUR_SONG_ID="$(json_field 'd["songs"][0]["song_id"]' < "$catalog")"
  local play
  play="$(curl -sS -X POST -H "Authorization: Bearer $DEMO_TOKEN" -H 'X-Network-Quality: high' "$API/songs/$TOUR_SONG_ID/play")"
  TOUR_STREAM_URL="$(json_field 'd["stream_url"]' <<< "$play")"
  local title artist
  title="$(json_field 'd["song"]["title"]' <<< "$play")"; artist="$(json_field 'd["song"]["artist"]' <<< "$play")"
  local first second
  first="$(curl -sS -o "$TOUR_DIR/first-64k.mp3" -w '%{http_code} %header{x-cache-status}' -H 'Range: bytes=0-65535' "$TOUR_STREAM_URL")"
  second="$(curl -sS -o /dev/null -w '%{http_code} %header{x-cache-status}' -H 'Range: bytes=0-65535' "$TOUR_STREAM_URL")"
  info "played \"$title\" by $artist: POST /songs/$TOUR_SONG_ID/play -> a signed edge URL (320 kbps)"
  info "  the edge answered $first, then $second for the same 64 KB range"
  info "  unsigned, it answers $(curl -sS -o /dev/null -w '%{http_code}' "${TOUR_STREAM_URL%%\?*}") (the token is the query string)"
}

# The demo catalog's songs that a paid play can be of: a play counts for royalties from 30 s of
# listening and never for longer than the song, and most demo songs last 6-12 s; the full-length
# ones (3-5 minutes) do. Prints up to three song ids.
tour_paid_songs() {
  json_field '" ".join([s["song_id"] for s in d["songs"] if s["duration_ms"] >= 60000][:3])' \
    < "$HARMONIA_STATE_DIR/demo-catalog/catalog.json"
}

# Plays from the demo listener and a few others, through the batch intake, so that recently played,
# play counts, the royalty export and search popularity have something to show. Most are backdated
# over the last 40 hours without a play_id: stored, shown, never paid (rule no-play-id). Besides,
# each listener really listens: two playbacks of full-length songs started with
# POST /songs/{id}/play once signed in (one play_id each), played end to end from the play_ids'
# issue — a skip of 8-12 s, then 32-38 s — and reported once heard, after the backdated plays: the
# demo's day has paid plays (and one too-short skip per listener) in its royalty export and report.
tour_plays() {
  local catalog="$HARMONIA_STATE_DIR/demo-catalog/catalog.json" n listeners=6 email token batch started=$SECONDS
  local -a tokens
  local paid_songs
  paid_songs="$(tour_paid_songs)"
  for ((n = 1; n <= listeners; n++)); do
    email="listener-$n@harmonia.local"
    api POST /users "{\"email\":\"$email\",\"password\":\"$DEMO_PASSWORD\",\"display_name\":\"Listener $n\"}" > /dev/null
    if [ $((n % 2)) = 1 ]; then
      "$HARMONIA_ROOT/bin/platform" admin set-tier "$email" PREMIUM --reason "demo listeners: every other one PREMIUM" > /dev/null
    fi
    tokens[n]="$(tour_token "$email" "$DEMO_PASSWORD")"
  done
  # the playbacks start now; their plays are reported once heard, after the backdated ones
  local paid="$TOUR_DIR/paid-plays" song i
  rm -rf "$paid"; mkdir -p "$paid"
  [ -n "$paid_songs" ] || warn "the demo catalog has no full-length song: no play of the tour can be paid"
  for ((n = 1; n <= listeners; n++)); do
    for i in 1 2; do
      [ -n "$paid_songs" ] || continue
      song="$(awk -v k=$(((n + i) % $(wc -w <<< "$paid_songs") + 1)) '{print $k}' <<< "$paid_songs")"
      curl -sS -X POST -H "Authorization: Bearer ${tokens[n]}" -H 'X-Network-Quality: high' "$API/songs/$song/play" \
        > "$paid/$n-$i.json" || true
    done
  done
  for ((n = 1; n <= listeners; n++)); do
    token="${tokens[n]}"
    batch="$(python3 - "$catalog" "$n" <<'PY'
import json, random, sys, uuid, datetime
catalog = json.load(open(sys.argv[1])); n = int(sys.argv[2])
rng = random.Random(n)                      # each listener has a taste: a few genres
genres = sorted({s["genre"] for s in catalog["songs"]})
taste = rng.sample(genres, 2)
songs = [s for s in catalog["songs"] if s["genre"] in taste]
now = datetime.datetime.now(datetime.timezone.utc)
events = []
for i in range(40):
    song = rng.choice(songs)
    played = now - datetime.timedelta(hours=rng.uniform(1, 40))
    events.append({"event_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "song_id": song["song_id"],
                   "duration_ms": rng.choice([12000, 31000, 45000, 60000, 180000]), "bitrate": 320,
                   "played_at": played.isoformat(timespec="milliseconds").replace("+00:00", "Z")})
print(json.dumps({"events": events}))
PY
)"
    api POST /play-events/batch "$batch" "$token" > /dev/null
  done
  # the demo listener's own plays: the first song, then seven more (enough for the ALS job to know them)
  batch="$(python3 - "$catalog" <<'PY'
import json, sys, uuid, datetime
catalog = json.load(open(sys.argv[1]))
now = datetime.datetime.now(datetime.timezone.utc)
events = [{"event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, "harmonia-demo-" + s["song_id"])), "song_id": s["song_id"],
           "duration_ms": 35000, "bitrate": 320,
           "played_at": (now - datetime.timedelta(minutes=10 * (i + 1))).isoformat(timespec="milliseconds").replace("+00:00", "Z")}
          for i, s in enumerate(catalog["songs"][:8])]
print(json.dumps({"events": events}))
PY
)"
  api POST /play-events/batch "$batch" "$DEMO_TOKEN" > /dev/null
  info "posted $((listeners * 40 + 8)) backdated plays from $((listeners + 1)) listeners, without play_ids (POST /play-events/batch; 202 = Kafka has them)"
  tour_paid_plays "$paid" "$listeners" "${tokens[@]}"
  local deadline=$((SECONDS + 90)) items=0 verdicts="?"
  while [ "$SECONDS" -lt "$deadline" ]; do
    items="$(api GET '/me/recently-played?limit=10' "" "$DEMO_TOKEN" | json_field 'len(d["items"])')" || items=0
    # listener-1's newest plays are the playbacks' (the backdated ones are an hour old or more)
    verdicts="$(api GET '/me/recently-played?limit=2' "" "${tokens[1]}" | json_field \
      '", ".join(("paid" if i["qualified"] else i["rule"]) for i in d["items"])')" || verdicts="?"
    [ "$items" -ge 8 ] && [[ "$verdicts" == *paid* && "$verdicts" != *no-play-id* ]] && break
    sleep 1
  done
  info "recently played (from Cassandra, through the play-events pipeline): $items of the demo listener's 8 plays"
  info "  listener-1's newest two plays: $verdicts (tour_plays took $((SECONDS - started)) s)"
}

# Reports the playbacks' plays once heard: per listener, the skip then the full listen, end to end
# from the last play_id's answer; waits (on the clock) until the last has ended.
tour_paid_plays() { # dir listeners token...
  local paid="$1" listeners="$2" n events due batch
  shift 2
  local -a tokens=("$@")
  events="$(python3 - "$paid" "$listeners" <<'PY'
import datetime, glob, json, os, random, sys, uuid
paid, listeners = sys.argv[1], int(sys.argv[2])
rng = random.Random()
out = {}
for n in range(1, listeners + 1):
    files = [os.path.join(paid, "%d-%d.json" % (n, i)) for i in (1, 2)]
    plays = []
    for f in files:
        try:
            plays.append(json.load(open(f)))
        except (OSError, ValueError):
            pass
    plays = [p for p in plays if p.get("play_id")]
    if len(plays) < 2:
        continue
    # the last answer came after every issue: the plays start then, one after the other
    start = datetime.datetime.fromtimestamp(os.path.getmtime(files[1]), datetime.timezone.utc) + datetime.timedelta(milliseconds=1)
    events = []
    for p, ms in zip(plays, (rng.randint(8000, 12000), rng.randint(32000, 38000))):
        ms = min(ms, p["duration_ms"])
        events.append({"event_id": str(uuid.uuid4()), "song_id": p["song"]["song_id"], "play_id": p["play_id"],
                       "duration_ms": ms, "bitrate": p["bitrate"],
                       "played_at": start.isoformat(timespec="milliseconds").replace("+00:00", "Z")})
        start += datetime.timedelta(milliseconds=ms)
    out[n] = {"events": events, "due": start.timestamp()}
print(json.dumps(out))
PY
)"
  due="$(json_field 'max([v["due"] for v in d.values()] or [0])' <<< "$events")"
  local waited=$SECONDS
  while ! python3 -c 'import sys, time; sys.exit(0 if time.time() > float(sys.argv[1]) else 1)' "$due"; do
    sleep 1 # the plays are reported once heard: the clock must pass their end
  done
  local sent=0
  for ((n = 1; n <= listeners; n++)); do
    batch="$(json_field "json.dumps({'events': d['$n']['events']}) if '$n' in d else ''" <<< "$events")" || batch=""
    [ -n "$batch" ] || continue
    api POST /play-events/batch "$batch" "${tokens[n - 1]}" > /dev/null && sent=$((sent + 2))
  done
  info "reported $sent plays of playbacks started with POST /songs/{id}/play, each with its play_id (a skip and a full listen per listener; $((SECONDS - waited)) s waited until they were heard)"
}

tour_counts_and_export() {
  local today
  today="$(date -u +%F)"
  cmd_job play-counts --from "$(date -u -d '2 days ago' +%FT00:00:00Z)" --to "$(date -u -d 'tomorrow' +%FT00:00:00Z)" \
    > "$TOUR_DIR/play-counts.json" || warn "the play-count recount failed (see above)"
  info "play counts per song and 5-minute window: $(tail -n 1 "$TOUR_DIR/play-counts.json" | json_field \
    'str(d["qualified_plays"]) + " qualified plays read, " + str(d["windows_inserted"] + d["windows_updated"]) + " windows written, " + str(d["songs_changed"]) + " songs changed"')"
  cmd_job royalty-export --date "$today" > "$TOUR_DIR/royalty-export.json" || warn "the royalty export failed (see above)"
  info "royalty export for $today: s3://$HARMONIA_S3_ROYALTY_BUCKET/date=$today/ — $(json_field \
    'd["status"] + " run " + d["run_id"] + ": " + str(d["manifest"]["row_count"]) + " rows, " + str(d["manifest"]["totals"]["qualified_plays"]) + " qualified plays, " + str(d["manifest"]["source"]["disqualified_plays"]) + " disqualified " + json.dumps(d["manifest"]["source"]["disqualified"]) + "; report " + d["manifest"]["report"]' \
    < "$TOUR_DIR/royalty-export.json")"
  tour_royalty_report "$today"
  cmd_job royalty-export --date "$today" --verify > "$TOUR_DIR/royalty-verify.json" \
    && info "  verified: checksums and totals reconcile with a direct count in Cassandra" \
    || warn "the export's verification failed: $TOUR_DIR/royalty-verify.json"
}

# The day's reconciliation report, fetched the royalty team's way (a ROYALTY account, bin/platform
# royalties fetch), and a headless Chromium screenshot of it when Chromium is installed.
tour_royalty_report() { # day
  local email="royalty-team@harmonia.local" token
  api POST /users "{\"email\":\"$email\",\"password\":\"$DEMO_PASSWORD\",\"display_name\":\"Royalty team\"}" > /dev/null 2>&1 || true
  "$HARMONIA_ROOT/bin/platform" admin grant-role "$email" ROYALTY --reason "the demo's royalty team" > /dev/null 2>&1 || true
  token="$(tour_token "$email" "$DEMO_PASSWORD")"
  if ! HARMONIA_ROYALTY_TOKEN="$token" "$HARMONIA_ROOT/bin/platform" royalties fetch --date "$1" \
      --out "$TOUR_DIR/royalties-$1" > "$TOUR_DIR/royalties-fetch.json"; then
    warn "royalties fetch failed (see above)"
    return 0
  fi
  info "  fetched by the royalty team (checksums match the manifest): $TOUR_DIR/royalties-$1/"
  if command -v chromium > /dev/null; then
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$TOUR_DIR/chromium" \
      --window-size=1200,1600 --screenshot="$TOUR_DIR/royalty-report.png" "file://$TOUR_DIR/royalties-$1/report.html" \
      > /dev/null 2>&1 && info "  the reconciliation report, as Chromium shows it: $TOUR_DIR/royalty-report.png"
  fi
}

tour_search() {
  local catalog="$HARMONIA_STATE_DIR/demo-catalog/catalog.json" artist typo result
  artist="$(json_field 'd["artists"][0]["name"]' < "$catalog")"
  # the same name with two letters swapped, as a listener types it
  typo="$(python3 -c "import sys; a=sys.argv[1]; print(a[:1]+a[2]+a[1]+a[3:] if len(a)>3 else a)" "$artist")"
  local deadline=$((SECONDS + 60))
  while [ "$SECONDS" -lt "$deadline" ]; do
    result="$(api GET "/search?q=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$typo")&type=artist&limit=3" "" "$DEMO_TOKEN")"
    [ "$(json_field 'len(d["artists"])' <<< "$result")" -gt 0 ] && break
    sleep 1
  done
  info "search \"$typo\" -> $(json_field '", ".join(a["name"] for a in d["artists"]) or "(nothing yet: the indexer is catching up)"' <<< "$result")"
}

tour_playlist() {
  local catalog="$HARMONIA_STATE_DIR/demo-catalog/catalog.json" playlist id song
  playlist="$(api POST /playlists '{"name":"Demo mix","is_collaborative":false,"description":"made by bin/platform demo"}' "$DEMO_TOKEN")"
  id="$(json_field 'd["playlist_id"]' <<< "$playlist")"
  for song in $(json_field '" ".join(s["song_id"] for s in d["songs"][5:8])' < "$catalog"); do
    curl -sS -o /dev/null -X POST -H "Authorization: Bearer $DEMO_TOKEN" -H 'Content-Type: application/json' \
      -H "X-Idempotency-Key: demo-$id-$song" --data-binary "{\"song_id\":\"$song\"}" "$API/playlists/$id/songs"
  done
  info "playlist $id: $(api GET "/playlists/$id" "" "$DEMO_TOKEN" | json_field 'str(len(d["songs"])) + " songs, version " + str(d["version"])')"
}

# The ALS job on the last days' plays in Cassandra (settings sized for a handful of listeners), then
# the demo listener's Discover Weekly from the API: the job's list, or the popular list when the model
# did not pass its gate on so little data (the API labels it kind "popular").
tour_recommendations() {
  cmd_job reco --input cassandra --days 3 --rank 8 --max-iter 8 --reg-param 0.05 --alpha 10 \
    --min-item-users 1 --taste-groups 4 > "$TOUR_DIR/reco.log" 2>&1 \
    || { warn "the recommendations job failed: $TOUR_DIR/reco.log"; return 0; }
  info "recommendations job: $(sed -n 's/^status: //p' "$TOUR_DIR/reco.log" | tail -n 1) (report: $(sed -n \
    's/^report: //p' "$TOUR_DIR/reco.log" | tail -n 1))"
  local dw
  dw="$(api GET '/recommendations/discover-weekly?limit=5' "" "$DEMO_TOKEN")" || return 0
  info "GET /recommendations/discover-weekly -> $(json_field 'd["playlist_name"] + " (" + d["kind"] + ", generated " + str(d["generated_at"]) + "): " + "; ".join(s["title"] + " by " + s["artist"] for s in d["songs"])' <<< "$dw")"
}

# "12 of 3-5 minutes, e.g. "A", "B", "C" (...)": the demo catalog's songs long enough for the player's bitrate
# switches and a play event (30 s of listening).
tour_full_length_summary() {
  json_field 'str(len(full)) + " of 3-5 minutes, e.g. " + ", ".join(chr(34) + s["title"] + chr(34) for s in full[:3])
    + " (the rest last 6-12 s)" if (full := [s for s in d["songs"] if s["duration_ms"] >= 180000]) else "none"' \
    < "$HARMONIA_STATE_DIR/demo-catalog/catalog.json"
}

tour_main() {
  step "A listener's tour of the API and the edge"
  tour_demo_user
  tour_play
  tour_plays
  tour_search
  tour_playlist
  step "Batch jobs on those plays"
  tour_counts_and_export
  tour_recommendations
}
