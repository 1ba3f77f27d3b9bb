#!/usr/bin/env bash
# The Airflow DAGs (airflow-dags/) in a real Airflow against the running platform:
#   bin/platform up --infra && infra/tests/airflow-dags.sh   (bin/platform test runs it)
# 1. pytest in the Airflow environment: every DAG file loads in the DagBag without import errors or
#    cycles, each DAG has a schedule, retries with back-off, timeouts, owners, docs and the failure
#    callback; every Spark task is a SparkSubmitOperator with its job's jar, class, spark_default and
#    conf (the executors' environment from HARMONIA_*, secrets left out); the exit-code handling with
#    a stand-in spark-submit; the recommendations gate check; the failure record.
# 2. End to end, with the Airflow services (scheduler, DAG processor, API server) running on the
#    platform's PostgreSQL and the DAG runs triggered as an operator would (`airflow dags trigger`,
#    `airflow tasks clear`), on plays written to Cassandra for a random far-future UTC day D (HetRec
#    Last.fm users 1-300, so nothing collides with other tests). The Spark tasks are submitted by
#    SparkSubmitOperator to the platform's Spark cluster (spark_default = its master; the test starts
#    the group `spark` when it is down, and stops it again), or to HARMONIA_SPARK_MASTER when set:
#    - royalty_export for D+1 exports D and verifies it: the pointer date=D/_current.json names the run,
#      whose manifest's totals are the plays written;
#    - the current run's CSV tampered with in the object store, the verify task cleared: it fails on the
#      job's exit 3 without a retry, and the failure callback records it in failures.jsonl; an export
#      rerun over the same plays publishes nothing and puts the manifest's bytes back;
#    - a late play of D (received after D's export; D-1 exported too, without new plays):
#      royalty_restatement for D+1 restates D only — a new run with the play, the pointer moved, the
#      first run's files still there — and its verify passes; D-1 keeps its run;
#    - reco_discover_weekly for D+1 passes its gate and its run becomes Redis reco:current-run;
#    - reco_daily_mix with an impossible gate margin (dag_run conf): check_gate fails and
#      reco:current-run stays.
# Every outcome is read from the run's and its tasks' states in Airflow's database. D is a random
# past day (1971-1998: the scheduler runs no logical date in the future). The services run with
# HARMONIA_AIRFLOW_START_DATE = HARMONIA_AIRFLOW_END_DATE = D+1 00:10, a time no DAG's schedule has,
# so that unpausing the DAGs schedules nothing by itself (no catchup) and only the test's runs run;
# the test pauses them again and stops the Airflow services when it ends.
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
# shellcheck source=infra/spark.sh
source "$HARMONIA_ROOT/infra/spark.sh"
# shellcheck source=infra/tests/lib/checks.sh
source "$HARMONIA_ROOT/infra/tests/lib/checks.sh"
load_services
ensure_state_dirs
ensure_secrets

DATASETS="${HARMONIA_DATASETS_DIR:-$HARMONIA_ROOT/../shared/datasets}"
HETREC="$DATASETS/lastfm-hetrec2011/user_artists.dat"
WORK="$(mktemp -d)"
AIRFLOW_SERVICES=(airflow-api airflow-dag-processor airflow-scheduler)
TEST_DAGS=(royalty_export royalty_restatement reco_discover_weekly reco_daily_mix)
STARTED_AIRFLOW=""
STARTED_SPARK=""
started=$SECONDS

step "Airflow environment"
t=$SECONDS
ensure_airflow_installed
info "ready in $((SECONDS - t))s ($(airflow_venv))"

step "pytest airflow-dags/tests"
# the DagBag and the operators need no database: pytest runs without the platform's services
(cd "$HARMONIA_ROOT/airflow-dags" && AIRFLOW_HOME="$WORK/airflow-home" AIRFLOW__CORE__LOAD_EXAMPLES=False \
   AIRFLOW__CORE__UNIT_TEST_MODE=False AIRFLOW__CORE__DAGS_FOLDER="$HARMONIA_ROOT/airflow-dags/dags" \
   "$(airflow_venv)/bin/python" -m pytest -q tests) || die "the DAG tests failed"

# --- end to end ------------------------------------------------------------------------------

for s in postgres redis cassandra objectstore; do
  svc_call "$s" ready > /dev/null 2>&1 || die "$s is not up: run bin/platform up --infra first"
done
[ -f "$HETREC" ] || die "HetRec Last.fm not found at $HETREC (set HARMONIA_DATASETS_DIR)"
ensure_built play-count-aggregator reco-als-job
for m in play-count-aggregator reco-als-job; do
  [ -f "$HARMONIA_ROOT/$m/target/$m-bundle.jar" ] || die "no job jar $m/target/$m-bundle.jar (bin/platform build)"
done

ensure_spark_installed

# A past day of its own, 1971-1998 (no other test writes plays there); the runs' logical date is the
# next day, 00:10.
DAY="$(date -u -d "1971-01-01 + $(( $(od -An -N2 -tu2 /dev/urandom) % 10220 )) days" +%F)"
NEXT="$(date -u -d "$DAY + 1 day" +%F)"
LOGICAL="${NEXT}T00:10:00+00:00"
RUN="test-$(date -u +%Y%m%dT%H%M%S)-$$"

airflow_environment
platform() { "$HARMONIA_ROOT/bin/platform" "$@"; }
af() { "${AIRFLOW_UNSET_ENV[@]}" airflow "$@" 2> /dev/null; }
finish() {
  if [ -n "$STARTED_SPARK" ]; then platform down spark > /dev/null 2>&1 || true; fi
  if [ -n "$STARTED_AIRFLOW" ]; then
    local d
    for d in "${TEST_DAGS[@]}"; do af dags pause "$d" > /dev/null || true; done
    platform down "${AIRFLOW_SERVICES[@]}" > /dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap finish EXIT

# Where the Spark tasks go: HARMONIA_SPARK_MASTER when set, else the platform's cluster.
if [ -n "${HARMONIA_SPARK_MASTER:-}" ]; then
  SPARK_TARGET="HARMONIA_SPARK_MASTER=$HARMONIA_SPARK_MASTER"
else
  SPARK_TARGET="the cluster, $(airflow_spark_master)"
  for s in $(services_of_group spark); do
    [ "$(service_state "$s")" = up ] && continue
    step "Starting the Spark cluster (bin/platform up spark)"
    t=$SECONDS
    STARTED_SPARK=1
    platform up spark > "$WORK/spark-up.log" 2>&1 || { tail -n 40 "$WORK/spark-up.log"; die "the Spark cluster did not start"; }
    info "up in $((SECONDS - t))s"
    break
  done
fi

step "Airflow services (accepting $LOGICAL only; Spark: $SPARK_TARGET)"
t=$SECONDS
for s in "${AIRFLOW_SERVICES[@]}"; do
  if [ "$(service_state "$s")" != down ]; then
    info "restarting the Airflow services with the test's settings"
    platform down "${AIRFLOW_SERVICES[@]}" > /dev/null
    break
  fi
done
STARTED_AIRFLOW=1
# one core per application: the two jobs run side by side on the two workers instead of one waiting
HARMONIA_AIRFLOW_START_DATE="$LOGICAL" HARMONIA_AIRFLOW_END_DATE="$LOGICAL" HARMONIA_SPARK_CORES_MAX=1 \
  platform up "${AIRFLOW_SERVICES[@]}" > "$WORK/up.log" 2>&1 \
  || { tail -n 40 "$WORK/up.log"; die "the Airflow services did not start"; }
info "up in $((SECONDS - t))s"

# Waits (polling, with a deadline) until the SQL query prints what is expected.
wait_for() { # description deadline-seconds expected sql
  local t=$SECONDS got=""
  while [ $((SECONDS - t)) -lt "$2" ]; do
    got="$(airflow_db_query "$4" 2> /dev/null || true)"
    [ "$got" = "$3" ] && return 0
    sleep 2
  done
  echo "$got"
  return 1
}
# The DAG processor has stored the DAGs as these services parse them: no next scheduled run.
for d in "${TEST_DAGS[@]}"; do
  wait_for "$d parsed with the test's dates" 180 t "SELECT last_parsed_time > to_timestamp($(( $(date +%s) - SECONDS + t )))
      AND next_dagrun_create_after IS NULL FROM dag WHERE dag_id = '$d'" > /dev/null \
    || die "$d: not parsed with the test's start and end date (it would schedule runs of its own: not unpausing)"
  af dags unpause "$d" > /dev/null || die "could not unpause $d"
done

# A run's outcome: "<run state> <task>=<state> ..." from the metadata database.
run_states() { # dag run-id
  airflow_db_query "SELECT (SELECT state FROM dag_run WHERE dag_id = '$1' AND run_id = '$2') || ' ' ||
      coalesce(string_agg(task_id || '=' || coalesce(state, 'none'), ' ' ORDER BY task_id), '')
    FROM task_instance WHERE dag_id = '$1' AND run_id = '$2'"
}
trigger() { # dag run-id logical-day [conf]
  af dags trigger "$1" --run-id "$2" --logical-date "$3" ${4:+-c "$4"} > "$WORK/trigger-$1.log" \
    || { cat "$WORK/trigger-$1.log"; die "could not trigger $1"; }
}
# Waits until the run has finished (success or failed); prints its states.
wait_run() { # dag run-id deadline-seconds
  local t=$SECONDS state
  while :; do
    state="$(airflow_db_query "SELECT state FROM dag_run WHERE dag_id = '$1' AND run_id = '$2'" 2> /dev/null || true)"
    case "$state" in success|failed) break ;; esac
    if [ $((SECONDS - t)) -ge "$3" ]; then info "$1 $2 still '$state' after ${3}s" >&2; break; fi
    sleep 3
  done
  info "$1 $2: $state in $((SECONDS - t))s" >&2
  run_states "$1" "$2"
}
task_log() { # dag run-id task try
  cat "$HARMONIA_LOG_DIR/airflow/dag_id=$1/run_id=$2/task_id=$3/attempt=$4.log" 2> /dev/null || true
}
failure_record() { # dag run-id task -> "try=<n> <exception>" of the callback's last record for the task
  python3 -c 'import json, sys
records = [json.loads(l) for l in open(sys.argv[1]) if l.strip()] if __import__("os").path.exists(sys.argv[1]) else []
mine = [r for r in records if (r["dag_id"], r["run_id"], r["task_id"]) == tuple(sys.argv[2:5])]
print("try=%s %s" % (mine[-1]["try_number"], mine[-1]["exception"]) if mine else "none")' \
    "$HARMONIA_STATE_DIR/airflow/failures.jsonl" "$1" "$2" "$3"
}

step "Writing plays for $DAY to Cassandra (HetRec users 1-300)"
awk -F'\t' 'NR == 1 || $1 <= 300' "$HETREC" > "$WORK/user_artists.dat"
HARMONIA_JAVA_OPTS="-Xmx1g" run_spark_java reco-als-job io.harmonia.reco.bench.SyntheticPlays \
  "$WORK/user_artists.dat" "$DAY" 1 1000 > "$WORK/plays.out" 2> "$WORK/plays.log" \
  || { tail -n 30 "$WORK/plays.log"; die "writing the plays failed"; }
PLAYS="$(grep -o '"play_rows": [0-9]*' "$WORK/plays.out" | grep -o '[0-9]*$')"
[ -n "$PLAYS" ] && [ "$PLAYS" -gt 0 ] || die "no play count in: $(cat "$WORK/plays.out")"
info "$PLAYS plays"

s3_get() { # key file
  curl -sS -f --aws-sigv4 "aws:amz:$HARMONIA_S3_REGION:s3" --user "$HARMONIA_S3_ACCESS_KEY:$HARMONIA_S3_SECRET_KEY" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
    -o "$2" "$HARMONIA_S3_ENDPOINT/$HARMONIA_S3_ROYALTY_BUCKET/$1"
}
s3_put() { # file key
  curl -sS -f -o /dev/null --aws-sigv4 "aws:amz:$HARMONIA_S3_REGION:s3" --user "$HARMONIA_S3_ACCESS_KEY:$HARMONIA_S3_SECRET_KEY" \
    -H "x-amz-content-sha256: $(sha256sum "$1" | cut -d' ' -f1)" -T "$1" "$HARMONIA_S3_ENDPOINT/$HARMONIA_S3_ROYALTY_BUCKET/$2"
}
json_field() { python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$1" "$2"; }
current_run() { redis-cli -h "$HARMONIA_HOST" -p "$HARMONIA_REDIS_PORT" --raw GET reco:current-run; }

# royalty_export and reco_discover_weekly run side by side (two task slots): one wait for both.
step "royalty_export and reco_discover_weekly for $NEXT (export and verify $DAY; small ALS on $DAY)"
SMALL='"days": 1, "extra_args": "--rank 16 --max-iter 6"'
before="$(current_run || true)"
trigger royalty_export "$RUN" "$LOGICAL"
trigger reco_discover_weekly "$RUN" "$LOGICAL" "{$SMALL}"
check "royalty_export run and task states" "success export=success verify=success" \
  "$(wait_run royalty_export "$RUN" 900)"
s3_get "date=$DAY/_current.json" "$WORK/pointer.json" || die "no pointer at date=$DAY/_current.json"
RUN1="$(json_field "$WORK/pointer.json" run_id)"
PREFIX="date=$DAY/run=$RUN1"
s3_get "$PREFIX/_manifest.json" "$WORK/manifest.json" || die "no manifest at $PREFIX/_manifest.json"
check "the pointer names the run's manifest" "$PREFIX/_manifest.json" "$(json_field "$WORK/pointer.json" manifest)"
check "manifest date" "$DAY" "$(json_field "$WORK/manifest.json" date)"
check "manifest plays read = plays written" "$PLAYS" "$(json_field "$WORK/manifest.json" source.plays_read)"
check "manifest qualified plays = plays written (all > 30 s)" "$PLAYS" "$(json_field "$WORK/manifest.json" totals.qualified_plays)"
task_log royalty_export "$RUN" export 1 | grep -q -- "--runner=SparkRunner" && how=spark-submit || how=unknown
check "the export was submitted with spark-submit (SparkRunner)" spark-submit "$how"

check "reco_discover_weekly states" "success check_gate=success train_and_publish=success" \
  "$(wait_run reco_discover_weekly "$RUN" 900)"
REPORT="$HARMONIA_STATE_DIR/reports/airflow/reco_discover_weekly/$NEXT/report.json"
if [ -f "$REPORT" ]; then
  run_id="$(json_field "$REPORT" run_id)"
  check "report status" published "$(json_field "$REPORT" status)"
  check "Redis reco:current-run is the DAG's run" "$run_id" "$(current_run)"
  [ "$run_id" != "$before" ] && changed=yes || changed=no
  check "a new run was published" yes "$changed"
else
  check "the job wrote its report to $REPORT" present missing
fi

# The day before D, exported (no plays): the restatement below must leave it alone.
PREV="$(date -u -d "$DAY - 1 day" +%F)"
platform job royalty-export --date "$PREV" > "$WORK/prev.json" 2> "$WORK/prev.log" \
  || { tail -n 30 "$WORK/prev.log"; die "the export of $PREV failed"; }
PREV_RUN="$(json_field "$WORK/prev.json" run_id)"

# The tampered export's check and the impossible gate, side by side again.
step "royalty_export's verify rerun on a tampered CSV; reco_daily_mix for $NEXT with gate margin 1000"
s3_get "$PREFIX/royalties.csv" "$WORK/royalties.csv"
# one row's qualified plays plus one: the manifest's SHA-256 and totals no longer hold
awk -F, -v OFS=, 'NR == 2 { for (i = 1; i <= NF; i++) if (h[i] == "qualified_plays") $i = $i + 1 }
                  NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i } { print }' "$WORK/royalties.csv" > "$WORK/tampered.csv"
cmp -s "$WORK/royalties.csv" "$WORK/tampered.csv" && die "the CSV was not changed (no qualified_plays column?)"
s3_put "$WORK/tampered.csv" "$PREFIX/royalties.csv"
before="$(current_run || true)"
af tasks clear royalty_export -t verify -s "$LOGICAL" -e "$LOGICAL" -y > "$WORK/clear.log" \
  || { cat "$WORK/clear.log"; die "could not clear royalty_export.verify"; }
trigger reco_daily_mix "$RUN" "$LOGICAL" "{$SMALL, \"gate_margin\": 1000}"
check "royalty_export states (verify rerun, tampered)" "failed export=success verify=failed" \
  "$(wait_run royalty_export "$RUN" 600)"
check "the failure callback's record of verify: second try, exit 3" \
  "try=2 AirflowFailException: job royalty-export exited 3 (the check found a mismatch): not retried" \
  "$(failure_record royalty_export "$RUN" verify)"
check "reco_daily_mix states" "failed check_gate=failed train_and_publish=success" \
  "$(wait_run reco_daily_mix "$RUN" 900)"
REPORT="$HARMONIA_STATE_DIR/reports/airflow/reco_daily_mix/$NEXT/report.json"
check "report status" gate-failed "$( [ -f "$REPORT" ] && json_field "$REPORT" status || echo missing)"
check "Redis reco:current-run unchanged" "$before" "$(current_run)"
check "the failure callback recorded check_gate" yes \
  "$(failure_record reco_daily_mix "$RUN" check_gate | grep -q '^try=1 AirflowFailException: recommendations run' && echo yes || echo no)"

# leave a correct export behind: a rerun over the same plays puts the manifest's bytes back
bin_rc=0; platform job royalty-export --date "$DAY" > "$WORK/repair.json" 2> "$WORK/repair.log" || bin_rc=$?
check "the export rerun repairs the day (exit, status, files put back)" "0 unchanged 1" \
  "$bin_rc $(json_field "$WORK/repair.json" status) $(json_field "$WORK/repair.json" files_repaired)"

step "A late play of $DAY; royalty_restatement for $NEXT (the 30 days up to $DAY)"
"$HARMONIA_JAVA17_HOME/bin/java" -cp "$(module_classpath play-count-aggregator)" \
  "$HARMONIA_ROOT/infra/tests/lib/StorePlay.java" "$DAY" 23:30:00 late-listener late-song 95000 PREMIUM \
  > /dev/null 2> "$WORK/late.log" || { cat "$WORK/late.log"; die "storing the late play failed"; }
trigger royalty_restatement "$RUN" "$LOGICAL"
check "royalty_restatement run and task states" "success restate=success verify=success" \
  "$(wait_run royalty_restatement "$RUN" 900)"
s3_get "date=$DAY/_current.json" "$WORK/pointer2.json" || die "no pointer at date=$DAY/_current.json"
RUN2="$(json_field "$WORK/pointer2.json" run_id)"
[ "$RUN2" != "$RUN1" ] && moved=yes || moved=no
check "the pointer of $DAY moved to a new run" yes "$moved"
check "the pointer's history lists the first run" "$RUN1" "$(json_field "$WORK/pointer2.json" history.0.run_id)"
s3_get "date=$DAY/run=$RUN2/_manifest.json" "$WORK/manifest2.json" || die "no manifest of run $RUN2"
check "the new run's plays read and qualified plays include the late play" "$((PLAYS + 1)) $((PLAYS + 1))" \
  "$(json_field "$WORK/manifest2.json" source.plays_read) $(json_field "$WORK/manifest2.json" totals.qualified_plays)"
check "the new run supersedes the first" "$RUN1" "$(json_field "$WORK/manifest2.json" previous_run_id)"
kept=yes
for name in _manifest.json royalties.parquet royalties.csv report.html; do
  s3_get "$PREFIX/$name" "$WORK/kept-$name" 2> /dev/null || kept="no ($name)"
done
check "the first run's files are still there" yes "$kept"
s3_get "date=$PREV/_current.json" "$WORK/prev-pointer.json" || die "no pointer at date=$PREV/_current.json"
check "$PREV (no new plays) keeps its run" "$PREV_RUN" "$(json_field "$WORK/prev-pointer.json" run_id)"
# the job's one-line result, in the task log's JSON lines (quotes escaped)
restated="$(task_log royalty_restatement "$RUN" restate 1 | tr -d '\\' | grep -o '"restated":\[[^]]*' \
  | grep -o '"date":"[0-9-]*"' | grep -o '[0-9-]\{10\}' | tr '\n' ' ' | sed 's/ $//' || true)"
check "the restate task re-exported $DAY only" "$DAY" "$restated"

echo
if [ "$CHECK_FAILURES" -gt 0 ]; then
  mkdir -p "$HARMONIA_LOG_DIR/airflow-dags-test"
  cp "$WORK"/*.log "$HARMONIA_LOG_DIR/airflow-dags-test/" 2> /dev/null || true
fi
echo "airflow-dags: $((SECONDS - started))s"
checks_verdict "airflow-dags" "task logs under $HARMONIA_LOG_DIR/airflow, failures in $HARMONIA_STATE_DIR/airflow/failures.jsonl"
