# shellcheck shell=bash
# Apache Spark for the cluster profile and for submitting the jobs.
#
# The distribution is PyPI's pyspark (infra/spark/requirements.txt: bin/spark-class, bin/spark-submit,
# jars/), installed into $HARMONIA_STATE_DIR/venvs/spark-<hash of that file> when missing. The
# standalone master and its workers (infra/services/*-spark-*.sh) run from it, and so does
# spark-submit.
#
# Jobs: infra/jobs/spark-jobs.tsv names each Spark or Beam job's module and main class. With
# HARMONIA_SPARK_MASTER set (spark://host:port, yarn, k8s://...), `bin/platform job <name>` submits
# the module's self-contained jar (<module>/target/<module>-bundle.jar) with spark-submit — the line
# `spark_submit_command` prints is the one the module READMEs give. Without it, the job runs in local
# mode in one JVM from the module's classpath, as before.

SPARK_REQUIREMENTS="$HARMONIA_ROOT/infra/spark/requirements.txt"
SPARK_JOBS_TABLE="$HARMONIA_ROOT/infra/jobs/spark-jobs.tsv"

spark_venv() {
  echo "$HARMONIA_STATE_DIR/venvs/spark-$(sha256sum "$SPARK_REQUIREMENTS" | cut -c1-12)"
}

# SPARK_HOME of the installed distribution (the pyspark package folder).
spark_home() {
  local venv dir
  venv="$(spark_venv)"
  for dir in "$venv"/lib/python3*/site-packages/pyspark; do
    [ -x "$dir/bin/spark-submit" ] && { echo "$dir"; return 0; }
  done
  return 1
}

# Installs the distribution when missing; an interrupted install is never taken for a finished one.
ensure_spark_installed() {
  local venv python log
  venv="$(spark_venv)"
  [ -f "$venv/.complete" ] && return 0
  python="$(airflow_python)"
  if ! "$python" -c 'import ensurepip' > /dev/null 2>&1; then apt_install python3-venv; fi
  step "Installing Apache Spark into $venv (PyPI pyspark, pinned by infra/spark/requirements.txt)" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")" "$HARMONIA_LOG_DIR"
  log="$HARMONIA_LOG_DIR/install-spark.log"
  { "$python" -m venv "$venv" \
      && "$venv/bin/pip" install --disable-pip-version-check -q -r "$SPARK_REQUIREMENTS"; } > "$log" 2>&1 \
    || { tail -n 30 "$log" >&2; die "could not install Spark (log: $log)"; }
  touch "$venv/.complete"
}

# The environment Spark's own scripts run with.
spark_environment() {
  SPARK_HOME="$(spark_home)" || die "Spark is not installed (bin/platform up spark)"
  export SPARK_HOME JAVA_HOME="$HARMONIA_JAVA17_HOME"
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-$HARMONIA_HOST}"
  # no conf/ of the user's machine: every setting is on the command line
  export SPARK_CONF_DIR="$HARMONIA_ROOT/infra/spark/conf"
}

spark_master_url() { echo "spark://$HARMONIA_HOST:$HARMONIA_SPARK_MASTER_PORT"; }

# The master's JSON status (workers, applications).
spark_master_json() {
  curl -sf -m 3 "http://$HARMONIA_HOST:$HARMONIA_SPARK_MASTER_UI_PORT/json/"
}

# --- jobs ----------------------------------------------------------------------------------------

spark_job_known() { [ -n "$(spark_job_field "$1" 2)" ]; }

spark_job_field() { # job column(2 module, 3 main class, 4 kind)
  awk -v job="$1" -v col="$2" '!/^#/ && $1 == job { print $col }' "$SPARK_JOBS_TABLE"
}

spark_job_jar() { # job
  local module
  module="$(spark_job_field "$1" 2)"
  echo "$HARMONIA_ROOT/$module/target/$module-bundle.jar"
}

# The settings a job's executors need reach them as spark.executorEnv.*: on a cluster, an executor's
# environment is its worker's, not the submitter's. The API's keys and Airflow's database password
# stay behind (no job signs anything or reads Airflow's metadata); secrets are redacted from the UI
# and the event log.
spark_executor_env_confs() {
  local name
  while IFS= read -r name; do
    case "$name" in HARMONIA_JWT_SECRET|HARMONIA_EDGE_SIGNING_KEY|HARMONIA_AIRFLOW_DB_PASSWORD) continue ;; esac
    printf -- '--conf\nspark.executorEnv.%s=%s\n' "$name" "${!name}"
  done < <(compgen -e | grep '^HARMONIA_' | sort)
}

# The spark-submit command line of a job, one argument per line.
spark_submit_command() { # job args...
  local job="$1"; shift
  local main kind
  main="$(spark_job_field "$job" 3)"; kind="$(spark_job_field "$job" 4)"
  printf '%s\n' "$SPARK_HOME/bin/spark-submit" --master "$HARMONIA_SPARK_MASTER" --deploy-mode client \
    --name "harmonia-$job" --class "$main" \
    --driver-memory "$HARMONIA_SPARK_DRIVER_MEMORY" --conf "spark.executor.memory=$HARMONIA_SPARK_EXECUTOR_MEMORY" \
    --conf "spark.cores.max=$HARMONIA_SPARK_CORES_MAX" \
    --conf "spark.redaction.regex=(?i)secret|password|token|access[.]?key|credential" \
    --conf "spark.driver.host=$HARMONIA_HOST"
  spark_executor_env_confs
  printf '%s\n' ${HARMONIA_SPARK_SUBMIT_ARGS:-} "$(spark_job_jar "$job")"
  printf '%s\n' "$@"
  # Beam jobs (after the job's own arguments: the ingest takes its catalog first): the Spark runner
  # takes the master spark-submit set, and stages only the bundle
  if [ "$kind" = beam ]; then
    printf '%s\n' --runner=SparkRunner "--appName=harmonia-$job" "--filesToStage=$(spark_job_jar "$job")"
  fi
}

# Runs a job: submitted to HARMONIA_SPARK_MASTER when it is set, else in local mode in this JVM.
# (Through `exec` when asked: a service's recorded pid is then the driver's.)
run_spark_job() { # job args...
  local job="$1"; shift
  spark_job_known "$job" || die "no Spark job named $job in $SPARK_JOBS_TABLE"
  local module main
  module="$(spark_job_field "$job" 2)"; main="$(spark_job_field "$job" 3)"
  if [ -z "${HARMONIA_SPARK_MASTER:-}" ]; then
    run_spark_java "$module" "$main" "$@"
    return
  fi
  [ -f "$(spark_job_jar "$job")" ] || die "$(spark_job_jar "$job") is missing (bin/platform build)"
  ensure_spark_installed
  spark_environment
  local cmd=()
  mapfile -t cmd < <(spark_submit_command "$job" "$@")
  info "spark-submit to $HARMONIA_SPARK_MASTER: $job ($main)" >&2
  "${cmd[@]}"
}

# --- the standalone workers (infra/services/9N-spark-worker-N.sh) ----------------------------------
# Each worker offers HARMONIA_SPARK_WORKER_CORES cores and HARMONIA_SPARK_WORKER_MEMORY to
# executors; its UI is on HARMONIA_SPARK_WORKER_UI_PORT_BASE + N. Finished applications' folders
# (each holds a copy of its job's jar) are cleaned up after an hour.

spark_worker_ui_port() { echo $(( HARMONIA_SPARK_WORKER_UI_PORT_BASE + $1 )); }
spark_worker_address() { echo "worker of $(spark_master_url) (UI :$(spark_worker_ui_port "$1"))"; }

spark_worker_start() { # N
  local n="$1" port
  port="$(spark_worker_ui_port "$n")"
  require_free_port "spark-worker-$n" "$port"
  mkdir -p "$HARMONIA_STATE_DIR/spark/worker-$n"
  (
    spark_environment
    cd "$HARMONIA_STATE_DIR/spark/worker-$n" || exit 1
    export SPARK_DAEMON_MEMORY="$HARMONIA_SPARK_DAEMON_MEMORY"
    export SPARK_WORKER_OPTS="-Dspark.worker.cleanup.enabled=true -Dspark.worker.cleanup.interval=600 -Dspark.worker.cleanup.appDataTtl=3600"
    spawn "spark-worker-$n" "$(svc_call "spark-worker-$n" log)" "$SPARK_HOME/bin/spark-class" \
      org.apache.spark.deploy.worker.Worker --host "$HARMONIA_HOST" --webui-port "$port" \
      --cores "$HARMONIA_SPARK_WORKER_CORES" --memory "$HARMONIA_SPARK_WORKER_MEMORY" \
      --work-dir "$HARMONIA_STATE_DIR/spark/worker-$n/work" "$(spark_master_url)"
  )
}

# Ready when the master lists this worker (by its UI address) as ALIVE.
spark_worker_ready() { # N
  local ui="http://$HARMONIA_HOST:$(spark_worker_ui_port "$1")"
  spark_master_json | python3 -c 'import json, sys
ui = sys.argv[1]
workers = json.load(sys.stdin).get("workers", [])
sys.exit(0 if any(w.get("webuiaddress") == ui and w.get("state") == "ALIVE" for w in workers) else 1)' "$ui"
}

# A streaming job's submission, supervised: when its driver ends with 75 (it lost an executor, see
# pipelines' ExecutorLossWatch) it is submitted again, after a back-off, and resumes from its
# consumer group's committed offsets; any other end is the job's. SIGTERM or SIGINT reach the driver.
spark_supervised_submit() { # job args...
  local cmd=() rc child="" delay=2
  mapfile -t cmd < <(spark_submit_command "$@")
  trap 'if [ -n "$child" ]; then kill -TERM "$child" 2> /dev/null; wait "$child"; fi; exit 143' TERM INT
  while true; do
    "${cmd[@]}" &
    child=$!
    rc=0
    wait "$child" || rc=$?
    child=""
    [ "$rc" = 75 ] || return "$rc"
    info "$1: the driver lost an executor; resubmitting in ${delay}s"
    sleep "$delay"
    delay=$((delay < 30 ? delay * 2 : 30))
  done
}
