# shellcheck shell=bash
# PostgreSQL 15 from Debian, as the platform's own cluster under the state directory
# (not Debian's system cluster): database and role `harmonia`, pg_trgm available from contrib.

PG_DIR="$HARMONIA_STATE_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_SOCKET_DIR="$PG_DIR/run"
PG_LOG="$HARMONIA_LOG_DIR/postgres.log"

pg_bin() { # the newest installed server's bin directory
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$d" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  echo "$d"
}

# As root the cluster belongs to the `postgres` user; otherwise to whoever runs the platform.
pg_os_user() { if is_root; then echo postgres; else id -un; fi; }
PG_RUN_AS=()
is_root && PG_RUN_AS=(setpriv --reuid=postgres --regid=postgres --init-groups --)
pg_as_owner() { "${PG_RUN_AS[@]}" "$@"; }

svc_postgres_kind() { echo infra; }
svc_postgres_address() { echo "postgresql://$HARMONIA_HOST:$HARMONIA_PG_PORT/$HARMONIA_PG_DATABASE"; }
svc_postgres_packages() { echo postgresql postgresql-contrib; }
svc_postgres_log() { echo "$PG_LOG"; }
svc_postgres_timeout() { echo 120; }

svc_postgres_install() {
  [ -s "$PG_DATA/PG_VERSION" ] && return 0
  step "Creating the PostgreSQL cluster in $PG_DATA"
  mkdir -p "$PG_DATA" "$PG_SOCKET_DIR"
  is_root && chown -R postgres:postgres "$PG_DIR"
  chmod 700 "$PG_DATA"
  local pwfile
  pwfile="$(mktemp)"; printf '%s\n' "$(random_token 16)" > "$pwfile"
  is_root && chown postgres "$pwfile"
  # The superuser authenticates only over the Unix socket (peer); TCP clients need a password.
  pg_as_owner "$(pg_bin)/initdb" -D "$PG_DATA" -U "$(pg_os_user)" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 > "$HARMONIA_LOG_DIR/postgres-initdb.log" 2>&1 \
    || { rm -f "$pwfile"; cat "$HARMONIA_LOG_DIR/postgres-initdb.log" >&2; die "initdb failed"; }
  rm -f "$pwfile"
}

svc_postgres_start() {
  require_free_port postgres "$HARMONIA_PG_PORT"
  mkdir -p "$PG_SOCKET_DIR"; is_root && chown postgres:postgres "$PG_SOCKET_DIR"
  touch "$PG_LOG"; is_root && chown postgres "$PG_LOG"
  spawn postgres "$PG_LOG" "${PG_RUN_AS[@]}" "$(pg_bin)/postgres" -D "$PG_DATA" \
    -c listen_addresses="$HARMONIA_HOST" -c port="$HARMONIA_PG_PORT" \
    -c unix_socket_directories="$PG_SOCKET_DIR" -c max_connections=200 -c shared_buffers=128MB \
    -c password_encryption=scram-sha-256
}

svc_postgres_ready() {
  "$(pg_bin)/pg_isready" -q -h "$HARMONIA_HOST" -p "$HARMONIA_PG_PORT"
}

# A role that logs in with a password, and a database it owns, created when missing; the role's
# password is set every time, so a regenerated secret takes effect. (The application's, and
# Airflow's metadata database: infra/airflow.sh.)
pg_ensure_role_and_database() { # role password database
  local psql=(pg_as_owner psql -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$HARMONIA_PG_PORT" -U "$(pg_os_user)" -d postgres)
  "${psql[@]}" -v role="$1" -v pw="$2" <<'SQL' > /dev/null
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN PASSWORD :'pw';
SQL
  "${psql[@]}" -v role="$1" -v db="$3" <<'SQL' > /dev/null
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
}

# Once the server answers: the application role and database exist with the secrets file's password.
svc_postgres_after_ready() {
  pg_ensure_role_and_database "$HARMONIA_PG_USER" "$HARMONIA_PG_PASSWORD" "$HARMONIA_PG_DATABASE"
}

svc_postgres_stop() { stop_pid postgres INT 60; } # SIGINT: fast shutdown
