#!/usr/bin/env bash
# The platform's life cycle as an operator meets it (issue 2): `up` twice in a row is harmless (the
# running services are left alone), `down` leaves no process of the platform running and no port
# open, `up` brings everything back healthy, and a service killed by hand is reported down by
# `status` and restarted by the next `up`. bin/platform test runs it on the infrastructure services it
# started (`up --infra`) and leaves them up. Reads the same environment as bin/platform.
set -euo pipefail

HARMONIA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/env.sh
source "$HARMONIA_ROOT/infra/env.sh"
# shellcheck source=infra/lib.sh
source "$HARMONIA_ROOT/infra/lib.sh"
load_services
# shellcheck source=infra/tests/lib/checks.sh
source "$HARMONIA_ROOT/infra/tests/lib/checks.sh"

PLATFORM="$HARMONIA_ROOT/bin/platform"
LOG="$HARMONIA_LOG_DIR/lifecycle-test.log"
mapfile -t INFRA < <(services_of_kind infra)
: > "$LOG"


platform() { # args... -> the exit status; output to the log
  local rc=0
  echo "\$ bin/platform $*" >> "$LOG"
  "$PLATFORM" "$@" >> "$LOG" 2>&1 || rc=$?
  echo "$rc"
}

pids() { local s; for s in "${INFRA[@]}"; do printf '%s=%s ' "$s" "$(recorded_pid "$s" || echo -)"; done; }

states() { # -> "up" when every infrastructure service is up, else the list of the others
  local s bad=""
  for s in "${INFRA[@]}"; do
    [ "$(service_state "$s")" = up ] || bad+="$s:$(service_state "$s") "
  done
  echo "${bad:-up}"
}

# Processes whose command line names this platform's state directory (data, config or log paths).
platform_processes() { pgrep -f -- "$HARMONIA_STATE_DIR/" | grep -vx "$$" | wc -l; }

open_ports() {
  local s port open=""
  for s in "${INFRA[@]}"; do
    for port in $(svc_call "$s" address | grep -oE ':[0-9]+' | tr -d :); do
      ! port_open "$port" || open+="$s:$port "
    done
  done
  echo "${open:-none}"
}

echo "Up twice"
before="$(pids)"
check "bin/platform up --infra (again) succeeds" 0 "$(platform up --infra)"
check "every service is up" up "$(states)"
check "the running services were left alone (same pids)" "$before" "$(pids)"

echo "Down"
check "bin/platform down succeeds" 0 "$(platform down)"
check "no recorded process is alive" "" "$(for s in "${INFRA[@]}"; do recorded_pid "$s" || true; done)"
check "no process names the state directory" 0 "$(platform_processes)"
check "no service port is open" none "$(open_ports)"

echo "Up after down"
check "bin/platform up --infra succeeds" 0 "$(platform up --infra)"
check "every service is up" up "$(states)"

echo "A service killed by hand"
victim=redis
status_row() { grep -E "^$victim " "$LOG" | tail -n 1 | awk '{print $3}' | sed 's/\x1b\[[0-9;]*m//g'; }
platform status > /dev/null
check "status reports $victim up before" up "$(status_row)"
pid="$(recorded_pid "$victim")"
kill -KILL "$pid"
deadline=$((SECONDS + 30))
while recorded_pid "$victim" > /dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
status_rc="$(platform status)"
check "bin/platform status exits 3" 3 "$status_rc"
check "status reports $victim down" down "$(status_row)"
check "bin/platform up --infra succeeds" 0 "$(platform up --infra)"
check "$victim runs again, in a new process" yes "$(p="$(recorded_pid "$victim")" && [ "$p" != "$pid" ] && echo yes || echo no)"
check "every service is up" up "$(states)"

checks_verdict "life-cycle test" "bin/platform's output is in $LOG"
