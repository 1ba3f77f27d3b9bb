# shellcheck shell=bash
# What the web player's browser tests and benchmark need (infra/tests/player.sh, infra/bench/player.sh):
# Debian's chromium, Playwright from PyPI in a venv under the state directory, and the test catalog.

PLAYER_DIR="$HARMONIA_ROOT/web-player"

player_venv() {
  local hash
  hash="$(cat "$PLAYER_DIR/requirements.txt" "$PLAYER_DIR/constraints.txt" | sha256sum | cut -c1-12)"
  echo "$HARMONIA_STATE_DIR/venvs/player-$hash"
}

player_chromium() { command -v chromium || echo /usr/bin/chromium; }

# Chromium and ffmpeg from Debian, Playwright + pytest (pinned) into the venv, once.
ensure_player_test_env() {
  apt_install chromium ffmpeg
  local venv python
  venv="$(player_venv)"
  [ -f "$venv/.complete" ] && return 0
  python="$(airflow_python)"
  if ! "$python" -m venv --help > /dev/null 2>&1 || ! "$python" -c 'import ensurepip' > /dev/null 2>&1; then
    apt_install python3-venv
  fi
  step "Installing Playwright into $venv (PyPI, pinned by web-player/constraints.txt)" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  # PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: nothing is downloaded at install time anyway; the tests use Debian's chromium
  { "$python" -m venv "$venv" \
      && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$venv/bin/pip" install --disable-pip-version-check -q \
           -r "$PLAYER_DIR/requirements.txt" -c "$PLAYER_DIR/constraints.txt"; } \
    || { rm -rf "$venv"; die "installing Playwright failed"; }
  touch "$venv/.complete"
}

# Writes the test catalog under the state directory and ingests it; prints its directory.
player_test_catalog() {
  local dir="$HARMONIA_STATE_DIR/player-test-catalog"
  python3 "$PLAYER_DIR/tests/make_catalog.py" "$dir" > /dev/null || die "generating the player's test catalog failed"
  "$HARMONIA_ROOT/bin/platform" ingest "$dir" > "$HARMONIA_LOG_DIR/player-test-ingest.log" 2>&1 \
    || { tail -n 30 "$HARMONIA_LOG_DIR/player-test-ingest.log" >&2; die "ingesting the player's test catalog failed"; }
  echo "$dir"
}

# The first free loopback port from the given one on.
player_free_port() { # from
  local p="$1"
  while port_open "$p"; do p=$((p + 1)); done
  echo "$p"
}

# Waits (up to 2 minutes) until the API's search finds a title: the outbox relay and indexer have run.
player_wait_searchable() { # title
  local token email="searchable-$(random_token 6)@test.harmonia.io" i
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' "$(api_url)/api/v1/users" \
    -d "{\"email\":\"$email\",\"password\":\"searchable-check-1\",\"display_name\":\"check\",\"subscription\":\"FREE\"}"
  token="$(curl -s -X POST -H 'Content-Type: application/json' "$(api_url)/api/v1/auth/token" \
    -d "{\"email\":\"$email\",\"password\":\"searchable-check-1\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
  for ((i = 0; i < 120; i++)); do
    if curl -s -H "Authorization: Bearer $token" --get --data-urlencode "q=$1" "$(api_url)/api/v1/search" \
        | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if any(s["title"]==sys.argv[1] for s in d.get("songs",[])) else 1)' "$1"; then
      return 0
    fi
    sleep 1
  done
  return 1
}
