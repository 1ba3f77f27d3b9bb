# shellcheck shell=bash
# Apache Airflow for the DAGs in airflow-dags/: the services airflow-api, airflow-dag-processor and
# airflow-scheduler (infra/services/9N-airflow-*.sh, group `airflow`) and `bin/platform airflow <CLI args>`.
#
# The pinned Airflow (airflow-dags/requirements.txt + constraints.txt) is installed from PyPI into
# $HARMONIA_STATE_DIR/venvs/airflow-<hash of both files> when missing, so a change of either file gets
# a fresh environment and an old one is never patched in place. The metadata database is `airflow` in
# the platform's PostgreSQL (its own role, password HARMONIA_AIRFLOW_DB_PASSWORD in the secrets);
# AIRFLOW_HOME is $HARMONIA_STATE_DIR/airflow, the task logs $HARMONIA_LOG_DIR/airflow; the DAGs folder
# is airflow-dags/dags; the API server (and UI) listens on loopback, HARMONIA_AIRFLOW_PORT; the
# scheduler and triggerer run without their log servers, which would listen on every interface.
# The Spark tasks submit through the connection spark_default, given here as AIRFLOW_CONN_SPARK_DEFAULT.

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

AIRFLOW_DB_NAME=airflow
AIRFLOW_DB_USER=airflow
# Variables the Airflow processes do not get: no Airflow process or job reads them.
AIRFLOW_UNSET_ENV=(env -u HARMONIA_JWT_SECRET -u HARMONIA_EDGE_SIGNING_KEY -u HARMONIA_AIRFLOW_DB_PASSWORD)

# The Spark master the DAGs submit to: HARMONIA_SPARK_MASTER (e.g. local[2], or another cluster),
# else the platform's own cluster (bin/platform up --cluster).
airflow_spark_master() { echo "${HARMONIA_SPARK_MASTER:-$(spark_master_url)}"; }

airflow_db_url() {
  echo "postgresql+psycopg2://$AIRFLOW_DB_USER:$HARMONIA_AIRFLOW_DB_PASSWORD@$HARMONIA_HOST:$HARMONIA_PG_PORT/$AIRFLOW_DB_NAME"
}

# A query in Airflow's metadata database, as its role (the health checks): prints the rows, unaligned.
airflow_db_query() { # sql
  PGPASSWORD="$HARMONIA_AIRFLOW_DB_PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -q -tA -v ON_ERROR_STOP=1 \
    -h "$HARMONIA_HOST" -p "$HARMONIA_PG_PORT" -U "$AIRFLOW_DB_USER" -d "$AIRFLOW_DB_NAME" -c "$1"
}

# The environment every Airflow command of the platform runs with.
airflow_environment() {
  local home="$HARMONIA_STATE_DIR/airflow" spark
  mkdir -p "$home" "$HARMONIA_LOG_DIR/airflow"
  # The API server signs the tokens tasks use with this key, and its sessions with the other:
  # generated once per state directory, shared by every Airflow process.
  [ -s "$home/jwt-secret" ] || (umask 077; random_token 32 > "$home/jwt-secret")
  [ -s "$home/api-secret" ] || (umask 077; random_token 32 > "$home/api-secret")
  export AIRFLOW_HOME="$home"
  export AIRFLOW__CORE__DAGS_FOLDER="$AIRFLOW_DAGS_DIR/dags"
  export AIRFLOW__CORE__LOAD_EXAMPLES=False
  export AIRFLOW__CORE__UNIT_TEST_MODE=False
  export AIRFLOW__CORE__EXECUTOR=LocalExecutor
  # two task processes at a time: a Spark job's driver is a JVM of 1-3 GB on a small machine
  export AIRFLOW__CORE__PARALLELISM="${HARMONIA_AIRFLOW_PARALLELISM:-2}"
  export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="$(airflow_db_url)"
  export AIRFLOW__LOGGING__BASE_LOG_FOLDER="$HARMONIA_LOG_DIR/airflow"
  export AIRFLOW__API__HOST="$HARMONIA_HOST"
  export AIRFLOW__API__PORT="$HARMONIA_AIRFLOW_PORT"
  export AIRFLOW__API__WORKERS=1
  export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="http://$HARMONIA_HOST:$HARMONIA_AIRFLOW_PORT/execution/"
  AIRFLOW__API_AUTH__JWT_SECRET="$(cat "$home/jwt-secret")"
  AIRFLOW__API__SECRET_KEY="$(cat "$home/api-secret")"
  export AIRFLOW__API_AUTH__JWT_SECRET AIRFLOW__API__SECRET_KEY
  # spark_default: the cluster's master or local[N] (the host holds the whole master URL). A
  # connection the user exported under this name wins.
  if [ -z "${AIRFLOW_CONN_SPARK_DEFAULT:-}" ]; then
    AIRFLOW_CONN_SPARK_DEFAULT="$(printf '{"conn_type": "spark", "host": "%s"}' "$(airflow_spark_master)")"
  fi
  export AIRFLOW_CONN_SPARK_DEFAULT
  # spark-submit on PATH (the hook runs it from there): the distribution of infra/spark.sh, with
  # JDK 17 and its empty conf folder; the driver binds to loopback
  export JAVA_HOME="$HARMONIA_JAVA17_HOME"
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-$HARMONIA_HOST}"
  if spark="$(spark_home)"; then
    export SPARK_HOME="$spark" SPARK_CONF_DIR="$HARMONIA_ROOT/infra/spark/conf"
    PATH="$SPARK_HOME/bin:$PATH"
  fi
  # The DAGs find the checkout here (the Airflow Variable harmonia_root wins when set).
  export HARMONIA_ROOT
  export PATH="$(airflow_venv)/bin:$PATH"
}

# Waits (bounded) for the platform's PostgreSQL: the Airflow services may be started with it.
airflow_wait_for_postgres() {
  local i
  for ((i = 0; i < 120; i++)); do
    svc_call postgres ready > /dev/null 2>&1 && return 0
    recorded_pid postgres > /dev/null || die "Airflow needs PostgreSQL, which is not running: bin/platform up postgres"
    [ $((i % 10)) -eq 0 ] && info "waiting for postgres (${i}s)" >&2
    sleep 1
  done
  die "PostgreSQL did not answer within 120s (log: $(svc_call postgres log))"
}

# The metadata database and its role exist, and its schema is the installed Airflow's (airflow db
# migrate, once per environment and database: the stamp is checked against the database itself).
ensure_airflow_db() {
  airflow_wait_for_postgres
  pg_ensure_role_and_database "$AIRFLOW_DB_USER" "$HARMONIA_AIRFLOW_DB_PASSWORD" "$AIRFLOW_DB_NAME"
  local stamp="$AIRFLOW_HOME/.db-migrated-$(basename "$(airflow_venv)")" version
  version="$(airflow_db_query "SELECT version_num FROM alembic_version" 2> /dev/null || true)"
  [ -f "$stamp" ] && [ -n "$version" ] && [ "$(cat "$stamp")" = "$version" ] && return 0
  step "Migrating Airflow's metadata database (PostgreSQL $HARMONIA_HOST:$HARMONIA_PG_PORT/$AIRFLOW_DB_NAME)" >&2
  local log="$HARMONIA_LOG_DIR/airflow-db-migrate.log"
  "${AIRFLOW_UNSET_ENV[@]}" airflow db migrate > "$log" 2>&1 \
    || { tail -n 30 "$log" >&2; die "airflow db migrate failed (log: $log)"; }
  airflow_db_query "SELECT version_num FROM alembic_version" > "$stamp"
}

# Everything an Airflow process needs, in this shell: installed (Spark too, for spark-submit),
# configured, database migrated.
airflow_prepare() {
  ensure_airflow_installed
  ensure_spark_installed
  airflow_environment
  ensure_airflow_db
}

# Starts one Airflow service: `airflow <args>` in the background, its log in $HARMONIA_LOG_DIR.
airflow_spawn() { # service-name args...
  local name="$1"; shift
  (
    airflow_prepare
    echo "=== $name started $(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$HARMONIA_LOG_DIR/$name.log"
    spawn "$name" "$HARMONIA_LOG_DIR/$name.log" "${AIRFLOW_UNSET_ENV[@]}" "$(airflow_venv)/bin/airflow" "$@"
  )
}

# The service's job (SchedulerJob, DagProcessorJob) is running and heartbeating: a row of the
# metadata database's job table that started after the process the platform started (the table
# names no pid) and heartbeated in the last 30 s (Airflow's own health threshold).
airflow_job_alive() { # service-name job-type
  local pid started
  pid="$(recorded_pid "$1")" || return 1
  started=$(( $(awk '/^btime/ {print $2}' /proc/stat) + $(proc_start_time "$pid") / $(getconf CLK_TCK) - 1 ))
  [ "$(airflow_db_query "SELECT count(*) FROM job WHERE job_type = '$2' AND state = 'running'
      AND start_date >= to_timestamp($started) AND latest_heartbeat > now() - interval '30 seconds'")" -ge 1 ]
}

cmd_airflow() {
  ensure_state_dirs; ensure_secrets
  airflow_prepare
  # The scheduler's and triggerer's log servers bind every interface (no setting changes that):
  # keep them off; the API server reads the task logs from $HARMONIA_LOG_DIR/airflow directly.
  case "${1:-}" in
    scheduler|triggerer)
      local a
      for a in "$@"; do case "$a" in -s|--skip-serve-logs) exec "${AIRFLOW_UNSET_ENV[@]}" airflow "$@" ;; esac; done
      exec "${AIRFLOW_UNSET_ENV[@]}" airflow "$@" --skip-serve-logs
      ;;
  esac
  exec "${AIRFLOW_UNSET_ENV[@]}" airflow "$@"
}
