#!/usr/bin/env bash
# The web player (web-player/) in a real Chromium against the running platform:
#   bin/platform up --infra && infra/tests/player.sh   (bin/platform test runs it)
# Installs what it needs when missing: Debian's chromium and ffmpeg, and Playwright + pytest from PyPI
# (web-player/requirements.txt, pinned by constraints.txt) into $HARMONIA_STATE_DIR/venvs/player-<hash>;
# Playwright drives /usr/bin/chromium (its own browser download is never used).
# 1. a catalog of its own (web-player/tests/make_catalog.py: four generated songs of 45-150 s, fixed ids
#    wp-*) through the real ingest (bin/platform ingest; unchanged and skipped on the next run);
# 2. the apps the player needs — api (serving the player at /), play-pipeline, search-indexer — started with
#    bin/platform up when down (and stopped again at the end), plus a second API process on a free port whose
#    stream URLs live 5 s (HARMONIA_API_STREAM_URL_TTL_SECONDS=5) for the expiry test;
# 3. pytest web-player/tests: the issue-14 acceptance (see web-player/README.md), screenshots of each page in
#    web-player/target/screenshots/.
# PLAYER_PYTEST_ARGS passes options to pytest (e.g. "-k expiry -x"); PLAYER_CHECK_MUTANTS=1 then runs
# web-player/tests/mutants.py: each feature removed in turn, its test must fail.
set -euo pipefail

HARMONIA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HARMONIA_ROOT
# shellcheck source=infra/env.sh
source "$HARMONIA_ROOT/infra/env.sh"
# shellcheck source=infra/lib.sh
source "$HARMONIA_ROOT/infra/lib.sh"
# shellcheck source=infra/java.sh
source "$HARMONIA_ROOT/infra/java.sh"
# shellcheck source=infra/airflow.sh
source "$HARMONIA_ROOT/infra/airflow.sh"
# shellcheck source=infra/tests/lib/checks.sh
source "$HARMONIA_ROOT/infra/tests/lib/checks.sh"
# shellcheck source=infra/player.sh
source "$HARMONIA_ROOT/infra/player.sh"
load_services
ensure_state_dirs
load_secrets

started=$SECONDS
PLATFORM="$HARMONIA_ROOT/bin/platform"
APPS=(api play-pipeline search-indexer)
STARTED_APPS=()
SHORT_API=player-short-ttl-api

for s in postgres redis kafka cassandra elasticsearch objectstore edge; do
  svc_call "$s" ready > /dev/null 2>&1 || die "$s is not up: run bin/platform up --infra first"
done

step "Player test environment"
t=$SECONDS
ensure_player_test_env
info "ready in $((SECONDS - t))s ($(player_venv); chromium $(player_chromium))"

step "The test catalog"
t=$SECONDS
catalog="$(player_test_catalog)"
info "ingested in $((SECONDS - t))s ($catalog)"

finish() {
  stop_pid "$SHORT_API" TERM 10 || true
  if [ "${#STARTED_APPS[@]}" -gt 0 ]; then "$PLATFORM" down "${STARTED_APPS[@]}" > /dev/null 2>&1 || true; fi
}
trap finish EXIT

step "The apps: ${APPS[*]}"
t=$SECONDS
for s in "${APPS[@]}"; do [ "$(service_state "$s")" = down ] && STARTED_APPS+=("$s"); done
# every test signs its listeners up from this one address: the per-address limit of the public routes is
# for password guessers, not for a test run (an API already running keeps its limits)
HARMONIA_RATE_LIMIT_ADDRESS_BURST="${HARMONIA_RATE_LIMIT_ADDRESS_BURST:-1000}" \
  HARMONIA_RATE_LIMIT_ADDRESS_PER_SECOND="${HARMONIA_RATE_LIMIT_ADDRESS_PER_SECOND:-100}" \
  "$PLATFORM" up "${APPS[@]}" > "$HARMONIA_LOG_DIR/player-test-up.log" 2>&1 \
  || { tail -n 30 "$HARMONIA_LOG_DIR/player-test-up.log"; die "the apps did not start"; }
short_port="$(player_free_port $((HARMONIA_API_PORT + 50)))"
HARMONIA_API_PORT="$short_port" HARMONIA_API_STREAM_URL_TTL_SECONDS=5 \
  HARMONIA_RATE_LIMIT_ADDRESS_BURST=1000 HARMONIA_RATE_LIMIT_ADDRESS_PER_SECOND=100 \
  spawn "$SHORT_API" "$HARMONIA_LOG_DIR/$SHORT_API.log" "$HARMONIA_JAVA17_HOME/bin/java" $HARMONIA_API_JAVA_OPTS \
  -cp "$(module_classpath serving-api)" io.harmonia.api.ApiServer
short_url="http://$HARMONIA_HOST:$short_port"
for ((i = 0; i < 120; i++)); do
  [ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$short_url/health")" = 200 ] && break
  recorded_pid "$SHORT_API" > /dev/null || { tail -n 20 "$HARMONIA_LOG_DIR/$SHORT_API.log"; die "the 5 s-URL API exited"; }
  sleep 1
done
[ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$short_url/health")" = 200 ] || die "the 5 s-URL API is not healthy"
info "up in $((SECONDS - t))s (player at $(api_url)/, 5 s URLs at $short_url/)"

step "Waiting for the catalog in search"
player_wait_searchable "Velvet Harbour" || die "the test catalog never became searchable (is search-indexer running?)"

step "pytest web-player/tests"
rm -rf "$HARMONIA_ROOT/web-player/target/screenshots"
rc=0
# the knob's words as a shell would split them (quotes kept: -k "a or b")
eval "pytest_args=(${PLAYER_PYTEST_ARGS:-})"
(cd "$HARMONIA_ROOT/web-player" && PLAYER_API_URL="$(api_url)" PLAYER_SHORT_TTL_API_URL="$short_url" \
   PLAYER_EDGE_URL="$HARMONIA_EDGE_URL" PLAYER_CATALOG="$catalog/catalog.json" PLAYER_CHROMIUM="$(player_chromium)" \
   PLAYER_SCREENSHOTS="$HARMONIA_ROOT/web-player/target/screenshots" \
   "$(player_venv)/bin/python" -m pytest -q -p no:cacheprovider "${pytest_args[@]}" tests) || rc=$?
echo "player: $((SECONDS - started))s; screenshots in web-player/target/screenshots/"
[ "$rc" = 0 ] || die "the player's browser tests failed (logs: $HARMONIA_LOG_DIR/api.log, $HARMONIA_LOG_DIR/$SHORT_API.log)"
if [ -n "${PLAYER_CHECK_MUTANTS:-}" ]; then
  step "Mutants: each test fails without its feature (web-player/tests/mutants.py)"
  (cd "$HARMONIA_ROOT/web-player" && PLAYER_API_URL="$(api_url)" PLAYER_SHORT_TTL_API_URL="$short_url" \
     PLAYER_EDGE_URL="$HARMONIA_EDGE_URL" PLAYER_CATALOG="$catalog/catalog.json" PLAYER_CHROMIUM="$(player_chromium)" \
     PLAYER_SCREENSHOTS="$HARMONIA_ROOT/web-player/target/mutant-screenshots" \
     "$(player_venv)/bin/python" tests/mutants.py) || die "a mutant survived"
fi
echo "player: all tests passed"
