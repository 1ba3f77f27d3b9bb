#!/usr/bin/env bash
# The royalty team's way in, end to end with the real API and object store:
#   - a day D's export (bin/platform job royalty-export, local mode) of a few plays;
#   - a ROYALTY account (sign-up, then bin/platform admin grant-role) runs
#     `bin/platform royalties fetch --date D --out DIR`: the manifest and every file it lists land in
#     DIR, are the current run's (the pointer's), and their SHA-256 are the manifest's;
#   - a listener's token gets 403 from the route, and fetch fails (exit 1) writing nothing;
#   - an unknown day is 404 (exit 1).
# Starts the API when it is down (and stops it again at the end).
set -euo pipefail

HARMONIA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HARMONIA_ROOT
# shellcheck source=infra/env.sh
source "$HARMONIA_ROOT/infra/env.sh"
# shellcheck source=infra/lib.sh
source "$HARMONIA_ROOT/infra/lib.sh"
# shellcheck source=infra/java.sh
source "$HARMONIA_ROOT/infra/java.sh"
# shellcheck source=infra/tests/lib/checks.sh
source "$HARMONIA_ROOT/infra/tests/lib/checks.sh"
load_services
ensure_state_dirs
ensure_secrets
load_secrets

WORK="$(mktemp -d)"
STARTED_API=""
started=$SECONDS
platform() { "$HARMONIA_ROOT/bin/platform" "$@"; }
finish() {
  if [ -n "$STARTED_API" ]; then platform down api > /dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap finish EXIT

for s in postgres redis kafka cassandra objectstore; do
  svc_call "$s" ready > /dev/null 2>&1 || die "$s is not up: run bin/platform up --infra first"
done
if [ "$(service_state api)" != up ]; then
  step "Starting the API (bin/platform up api)"
  STARTED_API=1
  platform up api > "$WORK/api-up.log" 2>&1 || { tail -n 40 "$WORK/api-up.log"; die "the API did not start"; }
fi
ensure_built play-count-aggregator

# A far-future day of its own (no other test exports there).
DAY="$(date -u -d "2700-01-01 + $(( $(od -An -N2 -tu2 /dev/urandom) % 30000 )) days" +%F)"
step "Plays and the export of $DAY"
for p in "08:00:00 u-r1 s-r1 61000 PREMIUM" "09:30:00 u-r2 s-r1 45000 FREE" "21:15:00 u-r1 s-r2 200000 PREMIUM"; do
  # shellcheck disable=SC2086 # the play is words
  "$HARMONIA_JAVA17_HOME/bin/java" -cp "$(module_classpath play-count-aggregator)" \
    "$HARMONIA_ROOT/infra/tests/lib/StorePlay.java" "$DAY" $p "$(date -u -d '1 minute ago' +%FT%TZ)" \
    > /dev/null 2> "$WORK/store.log" || { cat "$WORK/store.log"; die "storing a play failed"; }
done
platform job royalty-export --date "$DAY" > "$WORK/export.json" 2> "$WORK/export.log" \
  || { tail -n 30 "$WORK/export.log"; die "the export failed"; }
field() { python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$1" "$2"; }
RUN_ID="$(field "$WORK/export.json" run_id)"
check "export published" "published 3" \
  "$(field "$WORK/export.json" status) $(field "$WORK/export.json" manifest.totals.qualified_plays)"

api() { # method path [json-body] [token] -> "status body"
  local out
  out="$(curl -sS -o "$WORK/api.out" -w '%{http_code}' -X "$1" "$HARMONIA_API_URL$2" \
    ${3:+-H 'Content-Type: application/json' --data "$3"} ${4:+-H "Authorization: Bearer $4"})"
  echo "$out $(cat "$WORK/api.out")"
}
account() { # email password -> token
  api POST /api/v1/users "{\"email\":\"$1\",\"password\":\"$2\",\"display_name\":\"$1\"}" > /dev/null
  api POST /api/v1/auth/token "{\"email\":\"$1\",\"password\":\"$2\"}" | cut -d' ' -f2- \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
tag="$(date +%s)-$$"
ROYALTY_EMAIL="royalty-$tag@harmonia.local"
LISTENER_EMAIL="listener-$tag@harmonia.local"
PASSWORD="pw-$tag-long-enough"
step "A ROYALTY account fetches $DAY; a listener cannot"
account "$ROYALTY_EMAIL" "$PASSWORD" > /dev/null
platform admin grant-role "$ROYALTY_EMAIL" ROYALTY --reason "royalties.sh" > /dev/null
LISTENER_TOKEN="$(account "$LISTENER_EMAIL" "$PASSWORD")"

rc=0
env -u HARMONIA_S3_ACCESS_KEY -u HARMONIA_S3_SECRET_KEY HARMONIA_ROYALTY_EMAIL="$ROYALTY_EMAIL" \
  HARMONIA_ROYALTY_PASSWORD="$PASSWORD" "$HARMONIA_ROOT/bin/platform" royalties fetch --date "$DAY" --out "$WORK/fetched" \
  > "$WORK/fetch.json" 2> "$WORK/fetch.err" || rc=$?
check "fetch exit code (without the platform's keys)" 0 "$rc"
[ "$rc" = 0 ] || cat "$WORK/fetch.err"
check "fetched run is the current one" "$RUN_ID" "$(field "$WORK/fetch.json" run_id)"
check "files in the folder" "_manifest.json report.html royalties.csv royalties.parquet" \
  "$(cd "$WORK/fetched" 2>/dev/null && ls | sort | tr '\n' ' ' | sed 's/ $//')"
check "every file's SHA-256 is the manifest's" "ok" "$(cd "$WORK/fetched" && python3 -c 'import hashlib, json
m = json.load(open("_manifest.json"))
bad = [f["name"] for f in m["files"] if hashlib.sha256(open(f["name"], "rb").read()).hexdigest() != f["sha256"]]
print("ok" if m["files"] and not bad else "mismatch: %s" % bad)')"
check "the manifest is the run's" "$RUN_ID" "$(field "$WORK/fetched/_manifest.json" run_id)"

check "the route for a listener" 403 "$(api GET "/api/v1/royalties/exports?date=$DAY" "" "$LISTENER_TOKEN" | cut -d' ' -f1)"
rc=0
HARMONIA_ROYALTY_TOKEN="$LISTENER_TOKEN" platform royalties fetch --date "$DAY" --out "$WORK/listener" \
  > /dev/null 2> "$WORK/listener.err" || rc=$?
check "fetch with a listener's token: exit code" 1 "$rc"
check "fetch with a listener's token: says 403" yes "$(grep -q ' 403 ' "$WORK/listener.err" && echo yes || echo no)"
check "fetch with a listener's token: nothing written" 0 "$(find "$WORK/listener" -type f 2>/dev/null | wc -l)"
rc=0
HARMONIA_ROYALTY_EMAIL="$ROYALTY_EMAIL" HARMONIA_ROYALTY_PASSWORD="$PASSWORD" \
  platform royalties fetch --date 1900-01-01 --out "$WORK/none" > /dev/null 2> "$WORK/none.err" || rc=$?
check "fetch of a day without an export: exit code, 404" "1 yes" \
  "$rc $(grep -q ' 404 ' "$WORK/none.err" && echo yes || echo no)"

info "done in $((SECONDS - started))s"
checks_verdict royalties
