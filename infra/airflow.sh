# shellcheck shell=bash
# Apache Airflow for the DAGs in airflow-dags/: `bin/platform airflow <airflow CLI args>`.
#
# The pinned Airflow (airflow-dags/requirements.txt + constraints.txt) is installed from PyPI into
# $HARMONIA_STATE_DIR/venvs/airflow-<hash of both files> when missing, so a change of either file gets
# a fresh environment and an old one is never patched in place. AIRFLOW_HOME, the SQLite metadata
# database and the logs live under $HARMONIA_STATE_DIR/airflow; the DAGs folder is airflow-dags/dags;
# whatever Airflow serves (`airflow api-server`) listens on loopback, HARMONIA_AIRFLOW_PORT; the
# scheduler and triggerer run without their log servers, which would listen on every interface.

AIRFLOW_DAGS_DIR="$HARMONIA_ROOT/airflow-dags"

# The Python the environment is built with: the system's python3 (Debian 12: 3.11), or HARMONIA_PYTHON.
airflow_python() {
  local p="${HARMONIA_PYTHON:-}"
  if [ -z "$p" ]; then
    if [ -x /usr/bin/python3 ]; then p=/usr/bin/python3; else p="$(command -v python3 || true)"; fi
  fi
  [ -n "$p" ] || die "no python3 found (apt-get install python3 python3-venv, or set HARMONIA_PYTHON)"
  echo "$p"
}

airflow_venv() {
  local hash
  hash="$(cat "$AIRFLOW_DAGS_DIR/requirements.txt" "$AIRFLOW_DAGS_DIR/constraints.txt" | sha256sum | cut -c1-12)"
  echo "$HARMONIA_STATE_DIR/venvs/airflow-$hash"
}

# Installs the environment when it is missing; an interrupted install is never taken for a finished
# one (the .complete marker is written last).
ensure_airflow_installed() {
  local venv python
  venv="$(airflow_venv)"
  [ -f "$venv/.complete" ] && return 0
  python="$(airflow_python)"
  if ! "$python" -m venv --help > /dev/null 2>&1 || ! "$python" -c 'import ensurepip' > /dev/null 2>&1; then
    apt_install python3-venv
  fi
  step "Installing Apache Airflow into $venv (PyPI, pinned by airflow-dags/constraints.txt)" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")" "$HARMONIA_LOG_DIR"
  local log="$HARMONIA_LOG_DIR/install-airflow.log"
  { "$python" -m venv "$venv" \
      && "$venv/bin/pip" install --disable-pip-version-check -q \
        -r "$AIRFLOW_DAGS_DIR/requirements.txt" -c "$AIRFLOW_DAGS_DIR/constraints.txt"; } > "$log" 2>&1 \
    || { tail -n 30 "$log" >&2; die "could not install Airflow (log: $log)"; }
  touch "$venv/.complete"
}

# The environment every Airflow command of the platform runs with.
airflow_environment() {
  local home="$HARMONIA_STATE_DIR/airflow"
  mkdir -p "$home/logs"
  # The API server signs the tokens tasks use with this key: generated once per state directory.
  if [ ! -s "$home/jwt-secret" ]; then
    (umask 077; random_token 32 > "$home/jwt-secret")
  fi
  export AIRFLOW_HOME="$home"
  export AIRFLOW__CORE__DAGS_FOLDER="$AIRFLOW_DAGS_DIR/dags"
  export AIRFLOW__CORE__LOAD_EXAMPLES=False
  export AIRFLOW__CORE__UNIT_TEST_MODE=False
  export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="sqlite:///$home/airflow.db"
  export AIRFLOW__LOGGING__BASE_LOG_FOLDER="$home/logs"
  export AIRFLOW__API__HOST="$HARMONIA_HOST"
  export AIRFLOW__API__PORT="$HARMONIA_AIRFLOW_PORT"
  export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="http://$HARMONIA_HOST:$HARMONIA_AIRFLOW_PORT/execution/"
  AIRFLOW__API_AUTH__JWT_SECRET="$(cat "$home/jwt-secret")"
  export AIRFLOW__API_AUTH__JWT_SECRET
  # The DAGs find the checkout here (the Airflow Variable harmonia_root wins when set).
  export HARMONIA_ROOT
  export PATH="$(airflow_venv)/bin:$PATH"
}

# Creates or upgrades the metadata database once per environment.
ensure_airflow_db() {
  local stamp="$AIRFLOW_HOME/.db-migrated-$(basename "$(airflow_venv)")"
  [ -f "$stamp" ] && [ -f "$AIRFLOW_HOME/airflow.db" ] && return 0
  step "Creating Airflow's metadata database ($AIRFLOW_HOME/airflow.db)" >&2
  airflow db migrate > "$HARMONIA_LOG_DIR/airflow-db-migrate.log" 2>&1 \
    || { tail -n 30 "$HARMONIA_LOG_DIR/airflow-db-migrate.log" >&2; die "airflow db migrate failed (log: $HARMONIA_LOG_DIR/airflow-db-migrate.log)"; }
  touch "$stamp"
}

cmd_airflow() {
  ensure_state_dirs; ensure_secrets
  ensure_airflow_installed
  airflow_environment
  ensure_airflow_db
  # The scheduler's and triggerer's log servers bind every interface (no setting changes that):
  # keep them off; the API server reads the task logs from $AIRFLOW_HOME/logs directly.
  case "${1:-}" in
    scheduler|triggerer)
      local a
      for a in "$@"; do case "$a" in -s|--skip-serve-logs) exec airflow "$@" ;; esac; done
      exec airflow "$@" --skip-serve-logs
      ;;
  esac
  exec airflow "$@"
}
