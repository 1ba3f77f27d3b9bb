# shellcheck shell=bash
# Shared helpers for bin/platform and the service definitions in infra/services/.
#
# A service is a file infra/services/NN-<name>.sh that defines, for its <name>:
#   svc_<name>_kind       prints "infra" (a store the platform needs) or "app" (a Harmonia program)
#   svc_<name>_address    prints where it listens, for the status table
#   svc_<name>_packages   prints the Debian packages it needs (optional)
#   svc_<name>_install    installs what is missing; idempotent and quick when nothing is
#   svc_<name>_start      starts it in the background and records its pid with record_pid
#   svc_<name>_ready      succeeds when it answers its health check (quick; called in a loop)
#   svc_<name>_log        prints the path of the log to show when it fails
#   svc_<name>_stop       (optional) stops it; the default is SIGTERM to the recorded pid
#   svc_<name>_timeout    (optional) seconds to wait for ready; default 180
# The NN prefix orders start-up; down stops in reverse order.

HARMONIA_RUN_DIR="$HARMONIA_STATE_DIR/run"
HARMONIA_LOG_DIR="$HARMONIA_STATE_DIR/logs"
HARMONIA_OPT_DIR="$HARMONIA_STATE_DIR/opt"
HARMONIA_SECRETS_FILE="$HARMONIA_STATE_DIR/secrets.env"

if [ -t 1 ]; then
  _c_bold=$'\e[1m'; _c_red=$'\e[31m'; _c_green=$'\e[32m'; _c_yellow=$'\e[33m'; _c_off=$'\e[0m'
else
  _c_bold=""; _c_red=""; _c_green=""; _c_yellow=""; _c_off=""
fi

step() { printf '%s==>%s %s\n' "$_c_bold" "$_c_off" "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '%swarning:%s %s\n' "$_c_yellow" "$_c_off" "$*" >&2; }
die()  { printf '%serror:%s %s\n' "$_c_red" "$_c_off" "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

ensure_state_dirs() {
  mkdir -p "$HARMONIA_STATE_DIR" "$HARMONIA_RUN_DIR" "$HARMONIA_LOG_DIR" "$HARMONIA_OPT_DIR"
  # Services that run as their own users (postgres, Elasticsearch) must be able to reach their dirs.
  chmod 755 "$HARMONIA_STATE_DIR" "$HARMONIA_RUN_DIR" "$HARMONIA_LOG_DIR" "$HARMONIA_OPT_DIR"
}

# Secrets for local runs are generated once per state directory, never committed; one added to this
# list later is appended to an existing file (the others keep their values).
# A variable already set in the environment wins over the generated value.
HARMONIA_SECRET_NAMES=(HARMONIA_PG_PASSWORD HARMONIA_S3_ACCESS_KEY HARMONIA_S3_SECRET_KEY
  HARMONIA_EDGE_SIGNING_KEY HARMONIA_JWT_SECRET HARMONIA_AIRFLOW_DB_PASSWORD)

new_secret() { # name -> a fresh value
  case "$1" in
    HARMONIA_S3_ACCESS_KEY) echo "harmonia-$(random_token 8)" ;;
    HARMONIA_PG_PASSWORD|HARMONIA_AIRFLOW_DB_PASSWORD) random_token 24 ;;
    *) random_token 32 ;;
  esac
}

ensure_secrets() {
  local name
  for name in "${HARMONIA_SECRET_NAMES[@]}"; do
    grep -q "^$name=" "$HARMONIA_SECRETS_FILE" 2> /dev/null && continue
    (umask 077; echo "$name=$(new_secret "$name")" >> "$HARMONIA_SECRETS_FILE")
  done
  load_secrets
}

load_secrets() {
  [ -s "$HARMONIA_SECRETS_FILE" ] || return 0
  local line key value
  while IFS= read -r line; do
    [[ "$line" =~ ^([A-Z0-9_]+)=(.*)$ ]] || continue
    key="${BASH_REMATCH[1]}"; value="${BASH_REMATCH[2]}"
    if [ -z "${!key:-}" ]; then
      printf -v "$key" '%s' "$value"
      export "${key?}"
    fi
  done < "$HARMONIA_SECRETS_FILE"
}

random_token() { head -c 64 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c "$(( $1 * 2 ))"; }

# --- processes ---------------------------------------------------------------------------------
# A pid file holds "<pid> <start time>": the start time (from /proc) proves the pid still names the
# process we started, so `down` never signals an unrelated process that reused the number.

# A field of /proc/<pid>/stat, numbered as in proc(5). The command name (field 2) is cut off first:
# it may hold spaces (Airflow's API server renames itself "airflow api_server -- host:…").
proc_stat_field() { # pid n
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  awk -v n="$(( $2 - 2 ))" '{print $n}' <<< "${stat##*) }"
}

proc_start_time() { proc_stat_field "$1" 22; }

record_pid() { # name pid
  local name="$1" pid="$2" started
  started="$(proc_start_time "$pid")" || true
  [ -n "$started" ] || die "$name: process $pid exited right after start; see $(svc_call "$name" log)"
  echo "$pid $started" > "$HARMONIA_RUN_DIR/$name.pid"
}

recorded_pid() { # name -> prints the pid if the recorded process is still alive
  local file="$HARMONIA_RUN_DIR/$1.pid" pid started
  [ -s "$file" ] || return 1
  read -r pid started < "$file" || return 1
  [ -n "$pid" ] && [ "$(proc_start_time "$pid")" = "$started" ] || return 1
  # A killed process stays a zombie until init reaps it (here that can take over a second): it is gone.
  [ "$(proc_stat_field "$pid" 3)" != Z ] || return 1
  echo "$pid"
}

forget_pid() { rm -f "$HARMONIA_RUN_DIR/$1.pid"; }

# Stops the recorded process: the given signal, then SIGKILL after the grace period.
stop_pid() { # name [signal] [grace-seconds]
  local name="$1" signal="${2:-TERM}" grace="${3:-30}" pid i
  pid="$(recorded_pid "$name")" || { forget_pid "$name"; return 0; }
  kill -s "$signal" "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 5; i++)); do
    [ -d "/proc/$pid" ] && [ "$(proc_start_time "$pid")" != "" ] || break
    # a zombie counts as gone
    [ "$(proc_stat_field "$pid" 3)" = "Z" ] && break
    sleep 0.2
  done
  if [ -d "/proc/$pid" ] && [ "$(proc_stat_field "$pid" 3)" != "Z" ]; then
    warn "$name (pid $pid) ignored SIG$signal for ${grace}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # The service was started as the leader of its own process group (setsid): wait for its helper
  # processes (PostgreSQL backends, nginx workers) to leave too.
  for ((i = 0; i < 50; i++)); do
    pgrep -g "$pid" > /dev/null 2>&1 || break
    sleep 0.2
  done
  pkill -KILL -g "$pid" 2>/dev/null || true
  forget_pid "$name"
}

# Starts a command in the background, detached from this shell, logging to a file.
spawn() { # name logfile cmd...
  local name="$1" log="$2"; shift 2
  mkdir -p "$(dirname "$log")"
  setsid "$@" >> "$log" 2>&1 < /dev/null &
  record_pid "$name" "$!"
}

port_open() { # port -> succeeds when something accepts TCP connections on loopback:port
  (exec 3<>"/dev/tcp/$HARMONIA_HOST/$1") 2>/dev/null
}

# Fails with a clear message when a process that is not ours already holds the port.
require_free_port() { # name port
  if port_open "$2"; then
    die "$1: port $2 on $HARMONIA_HOST is taken by another process (not started by this platform). Stop it, or move the platform with HARMONIA_PORT_OFFSET / HARMONIA_*_PORT."
  fi
}

# --- installation ------------------------------------------------------------------------------

missing_packages() { # pkg... -> prints those not installed
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

apt_install() { # pkg...
  local missing
  missing="$(missing_packages "$@" | tr '\n' ' ')"
  [ -n "${missing// /}" ] || return 0
  if is_root; then
    step "Installing Debian packages: $missing"
    if [ ! -f "$HARMONIA_STATE_DIR/.apt-updated" ] || [ -n "$(find "$HARMONIA_STATE_DIR/.apt-updated" -mmin +720 2>/dev/null)" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      touch "$HARMONIA_STATE_DIR/.apt-updated"
    fi
    # The platform runs its own instances on its own ports: keep the packages from starting system
    # services (which would take 5432/6379/80) and from creating Debian's default PostgreSQL cluster.
    local policy_added=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; policy_added=1
    fi
    if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
      mkdir -p /etc/postgresql-common; echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
    fi
    local rc=0
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing > "$HARMONIA_LOG_DIR/apt.log" 2>&1 || rc=$?
    [ -z "$policy_added" ] || rm -f /usr/sbin/policy-rc.d
    [ "$rc" -eq 0 ] || { tail -n 30 "$HARMONIA_LOG_DIR/apt.log" >&2; die "apt-get install failed (log: $HARMONIA_LOG_DIR/apt.log)"; }
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    step "Installing Debian packages with sudo: $missing"
    # shellcheck disable=SC2086
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
  else
    die "missing Debian packages: $missing — install them (apt-get install $missing) or run as root"
  fi
}

# Maven, with the project's JDK 17 and batch output. Quiet unless HARMONIA_VERBOSE is set.
mvn_run() {
  local quiet="-q"
  [ -n "${HARMONIA_VERBOSE:-}" ] && quiet=""
  # Debian's Maven 3.8.7 prints stray colour resets even in batch mode: drop them.
  JAVA_HOME="$HARMONIA_JAVA17_HOME" mvn -B -Dstyle.color=never $quiet -f "$HARMONIA_ROOT/pom.xml" "$@" 2>&1 \
    | sed -u 's/\x1b\[0m//g'
}

# A version pinned in the parent POM's <properties>.
pinned_version() { # property
  local v
  v="$(sed -n "s#.*<$1>\(.*\)</$1>.*#\1#p" "$HARMONIA_ROOT/pom.xml" | head -n 1)"
  [ -n "$v" ] || die "the parent POM pins no <$1>"
  echo "$v"
}

# Copies the runtime classpath of a server (infra/servers/<name>/pom.xml) into a directory, once per
# version. Those POMs stand alone, so that the servers keep their own published dependency trees,
# and take their versions from the parent POM's properties, passed here.
install_server_classpath() { # server-name target-dir
  local name="$1" dir="$2" pom="$HARMONIA_ROOT/infra/servers/$1/pom.xml" stamp p props=()
  for p in $(grep -o '\${[a-z0-9.-]*}' "$pom" | tr -d '${}' | sort -u); do
    props+=("-D$p=$(pinned_version "$p")")
  done
  stamp="$(printf '%s\n' "${props[@]}" | cat - "$pom" | sha256sum | cut -c1-16)"
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then return 0; fi
  step "Fetching the $name server from Maven Central"
  rm -rf "$dir"; mkdir -p "$dir"
  JAVA_HOME="$HARMONIA_JAVA17_HOME" mvn -B -q -f "$pom" "${props[@]}" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$dir" > "$HARMONIA_LOG_DIR/install-$name.log" 2>&1 \
    || { tail -n 40 "$HARMONIA_LOG_DIR/install-$name.log" >&2; die "could not fetch $name (log: $HARMONIA_LOG_DIR/install-$name.log)"; }
  echo "$stamp" > "$dir/.stamp"
}

# --- service registry --------------------------------------------------------------------------

load_services() {
  local f name
  HARMONIA_SERVICES=()
  for f in "$HARMONIA_ROOT"/infra/services/[0-9][0-9]-*.sh; do
    # shellcheck disable=SC1090
    source "$f"
    name="$(basename "$f" .sh)"; name="${name#[0-9][0-9]-}"
    HARMONIA_SERVICES+=("$name")
  done
}

svc_fn() { echo "svc_${1//-/_}_$2"; }
svc_has() { declare -F "$(svc_fn "$1" "$2")" > /dev/null; }
svc_call() { local name="$1" what="$2"; shift 2; "$(svc_fn "$name" "$what")" "$@"; }

# A service may belong to a group (svc_<name>_group prints its name): `up <group>` and
# `down <group>` take all its services, in their file order.
services_of_group() { # group
  local s
  for s in "${HARMONIA_SERVICES[@]}"; do
    if svc_has "$s" group && [ "$(svc_call "$s" group)" = "$1" ]; then echo "$s"; fi
  done
}
service_groups() {
  local s
  for s in "${HARMONIA_SERVICES[@]}"; do svc_has "$s" group && svc_call "$s" group; done | sort -u
}
group_known() { [ -n "$(services_of_group "$1")" ]; }

services_of_kind() { # infra|app|cluster|all
  local s
  for s in "${HARMONIA_SERVICES[@]}"; do
    if [ "$1" = all ] || [ "$(svc_call "$s" kind)" = "$1" ]; then echo "$s"; fi
  done
}

service_known() { local s; for s in "${HARMONIA_SERVICES[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

service_state() { # name -> up | unhealthy | down
  if recorded_pid "$1" > /dev/null; then
    if svc_call "$1" ready > /dev/null 2>&1; then echo up; else echo unhealthy; fi
  else
    echo down
  fi
}

show_log_tail() { # name
  local log
  log="$(svc_call "$1" log)"
  if [ -f "$log" ]; then
    printf '%s--- last 40 lines of %s ---%s\n' "$_c_bold" "$log" "$_c_off" >&2
    tail -n 40 "$log" >&2
    printf '%s---%s\n' "$_c_bold" "$_c_off" >&2
  else
    echo "(no log at $log)" >&2
  fi
}

print_status_table() { # names...
  local s state pid color
  printf '%s%-22s %-52s %-10s %s%s\n' "$_c_bold" SERVICE ADDRESS STATE PID "$_c_off"
  for s in "$@"; do
    state="$(service_state "$s")"
    pid="$(recorded_pid "$s" || echo -)"
    case "$state" in up) color="$_c_green" ;; down) color="$_c_red" ;; *) color="$_c_yellow" ;; esac
    printf '%-22s %-52s %s%-10s%s %s\n' "$s" "$(svc_call "$s" address)" "$color" "$state" "$_c_off" "$pid"
  done
}
