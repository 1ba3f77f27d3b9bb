#!/usr/bin/env bash
# The Airflow DAGs (airflow-dags/) in a real Airflow against the running platform:
#   bin/platform up --infra && infra/tests/airflow-dags.sh   (bin/platform test runs it)
# 1. pytest in the Airflow environment: every DAG file loads in the DagBag without import errors or
#    cycles, each DAG has a schedule, retries with back-off, timeouts, owners and docs, and runs only
#    the platform's jobs; the operator's exit-code handling; the recommendations gate check.
# 2. End to end, with `airflow dags test` (no scheduler needed) on plays written to Cassandra for a
#    random far-future UTC day D (HetRec Last.fm users 1-300, so nothing collides with other tests):
#    - royalty_export for D+1 exports D and verifies it; the manifest's totals are the plays written;
#    - the export's CSV tampered with in the object store: the verify task fails (export not rerun);
#    - play_counts_daily for D+1 recounts day D (all its plays); play_counts for D 12:00 recounts
#      its 5-minute data interval;
#    - reco_discover_weekly for D+1 passes its gate and its run becomes Redis reco:current-run;
#    - reco_daily_mix with an impossible gate margin (dag_run conf): check_gate fails and
#      reco:current-run stays.
# Each outcome is read from the DAG run's task states in Airflow's database, not only its exit code.
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
load_services
ensure_state_dirs
load_secrets

DATASETS="${HARMONIA_DATASETS_DIR:-$HARMONIA_ROOT/../shared/datasets}"
HETREC="$DATASETS/lastfm-hetrec2011/user_artists.dat"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
started=$SECONDS


step "Airflow environment"
t=$SECONDS
ensure_airflow_installed
airflow_environment
ensure_airflow_db
info "ready in $((SECONDS - t))s ($(airflow version 2> /dev/null | tail -n 1), $(airflow_venv))"

step "pytest airflow-dags/tests"
(cd "$HARMONIA_ROOT/airflow-dags" && python -m pytest -q tests) || die "the DAG tests failed"

# --- end to end ------------------------------------------------------------------------------

for s in postgres redis cassandra objectstore; do
  svc_call "$s" ready > /dev/null 2>&1 || die "$s is not up: run bin/platform up --infra first"
done
[ -f "$HETREC" ] || die "HetRec Last.fm not found at $HETREC (set HARMONIA_DATASETS_DIR)"
ensure_built play-count-aggregator reco-als-job

# A far-future day of its own: years 2700-2999.
DAY="$(date -u -d "2700-01-01 + $(( $(od -An -N2 -tu2 /dev/urandom) % 109000 )) days" +%F)"
NEXT="$(date -u -d "$DAY + 1 day" +%F)"

step "Writing plays for $DAY to Cassandra (HetRec users 1-300)"
awk -F'\t' 'NR == 1 || $1 <= 300' "$HETREC" > "$WORK/user_artists.dat"
HARMONIA_JAVA_OPTS="-Xmx1g" run_spark_java reco-als-job io.harmonia.reco.bench.SyntheticPlays \
  "$WORK/user_artists.dat" "$DAY" 1 1000 > "$WORK/plays.out" 2> "$WORK/plays.log" \
  || { tail -n 30 "$WORK/plays.log"; die "writing the plays failed"; }
PLAYS="$(grep -o '"play_rows": [0-9]*' "$WORK/plays.out" | grep -o '[0-9]*$')"
[ -n "$PLAYS" ] && [ "$PLAYS" -gt 0 ] || die "no play count in: $(cat "$WORK/plays.out")"
info "$PLAYS plays"

airflow_q() { airflow "$@" 2> /dev/null | tail -n 1; }
# The latest run of a DAG for a logical day: "<run state> <task>=<state> ..."
run_states() { # dag day
  local runs run_id
  runs="$(airflow_q dags list-runs "$1" -o json)"
  run_id="$(python3 -c 'import json, sys
runs = [r for r in json.loads(sys.argv[1]) if (r.get("logical_date") or "").startswith(sys.argv[2])]
runs.sort(key=lambda r: r.get("run_after") or "")
print(runs[-1]["run_id"] if runs else "")' "$runs" "$2")"
  [ -n "$run_id" ] || { echo "no-run"; return 0; }
  python3 -c 'import json, sys
runs = {r["run_id"]: r["state"] for r in json.loads(sys.argv[1])}
tasks = json.loads(sys.argv[3])
print(runs[sys.argv[2]], *sorted("%s=%s" % (t["task_id"], t["state"]) for t in tasks))' \
    "$runs" "$run_id" "$(airflow_q tasks states-for-dag-run "$1" "$run_id" -o json)"
}
dags_test() { # dag day [args] -> the exit code of `airflow dags test`, its output in $WORK/<dag>.log
  local dag="$1" day="$2" rc=0 t=$SECONDS; shift 2
  airflow dags test "$dag" "$day" "$@" > "$WORK/$dag.log" 2>&1 || rc=$?
  info "airflow dags test $dag $day $* -> exit $rc in $((SECONDS - t))s" >&2
  echo "$rc"
}
s3_get() { # key file
  curl -sS -f --aws-sigv4 "aws:amz:$HARMONIA_S3_REGION:s3" --user "$HARMONIA_S3_ACCESS_KEY:$HARMONIA_S3_SECRET_KEY" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
    -o "$2" "$HARMONIA_S3_ENDPOINT/$HARMONIA_S3_BUCKET/$1"
}
s3_put() { # file key
  curl -sS -f -o /dev/null --aws-sigv4 "aws:amz:$HARMONIA_S3_REGION:s3" --user "$HARMONIA_S3_ACCESS_KEY:$HARMONIA_S3_SECRET_KEY" \
    -H "x-amz-content-sha256: $(sha256sum "$1" | cut -d' ' -f1)" -T "$1" "$HARMONIA_S3_ENDPOINT/$HARMONIA_S3_BUCKET/$2"
}
json_field() { python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v = v[k]
print(v)' "$1" "$2"; }
current_run() { redis-cli -h "$HARMONIA_HOST" -p "$HARMONIA_REDIS_PORT" --raw GET reco:current-run; }

step "royalty_export for $NEXT (exports $DAY, then verifies it)"
PREFIX="exports/royalties/date=$DAY"
check "airflow dags test royalty_export exit code" 0 "$(dags_test royalty_export "$NEXT")"
check "royalty_export run and task states" "success export=success verify=success" "$(run_states royalty_export "$NEXT")"
s3_get "$PREFIX/_manifest.json" "$WORK/manifest.json" || die "no manifest at $PREFIX/_manifest.json"
check "manifest date" "$DAY" "$(json_field "$WORK/manifest.json" date)"
check "manifest plays read = plays written" "$PLAYS" "$(json_field "$WORK/manifest.json" source.plays_read)"
check "manifest qualified plays = plays written (all > 30 s)" "$PLAYS" "$(json_field "$WORK/manifest.json" totals.qualified_plays)"

step "royalty_export for $NEXT with the export's CSV tampered with (verify only)"
s3_get "$PREFIX/royalties.csv" "$WORK/royalties.csv"
# one row's qualified plays plus one: the manifest's SHA-256 and totals no longer hold
awk -F, -v OFS=, 'NR == 2 { for (i = 1; i <= NF; i++) if (h[i] == "qualified_plays") $i = $i + 1 }
                  NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i } { print }' "$WORK/royalties.csv" > "$WORK/tampered.csv"
cmp -s "$WORK/royalties.csv" "$WORK/tampered.csv" && die "the CSV was not changed (no qualified_plays column?)"
s3_put "$WORK/tampered.csv" "$PREFIX/royalties.csv"
rc="$(dags_test royalty_export "$NEXT" --mark-success-pattern '^export$')"
[ "$rc" != 0 ] && rc=nonzero
check "airflow dags test royalty_export exit code (tampered)" nonzero "$rc"
check "royalty_export states (tampered)" "failed export=success verify=failed" "$(run_states royalty_export "$NEXT")"
grep -q "exited 3" "$WORK/royalty_export.log" && said=mismatch || said="$(grep -m1 -o 'exited [0-9]*' "$WORK/royalty_export.log" || echo none)"
check "the verify task failed on the job's mismatch (exit 3)" mismatch "$said"
# leave a correct export behind
bin_rc=0; "$HARMONIA_ROOT/bin/platform" job royalty-export --date "$DAY" > /dev/null 2>&1 || bin_rc=$?
check "the export rerun repairs the day" 0 "$bin_rc"

# The play-counts job's result line (one JSON object) from a dags test log: "<field>=<value> ..."
recount_result() { # log fields...
  local log="$1"; shift
  python3 -c 'import json, re, sys
lines = [m.group(0) for m in re.finditer(r"\{\"job\":\"play-counts\".*?\}", open(sys.argv[1]).read())]
r = json.loads(lines[-1]) if lines else {}
print(" ".join("%s=%s" % (f, r.get(f)) for f in sys.argv[2:]))' "$log" "$@"
}

step "play_counts_daily for $NEXT (recounts $DAY)"
check "airflow dags test play_counts_daily exit code" 0 "$(dags_test play_counts_daily "$NEXT")"
check "play_counts_daily states" "success recount_day=success" "$(run_states play_counts_daily "$NEXT")"
check "the recount's interval and plays" \
  "interval_start=${DAY}T00:00:00Z interval_end=${NEXT}T00:00:00Z qualified_plays=$PLAYS" \
  "$(recount_result "$WORK/play_counts_daily.log" interval_start interval_end qualified_plays)"

step "play_counts for ${DAY}T12:00Z (the 5 minutes before it)"
check "airflow dags test play_counts exit code" 0 "$(dags_test play_counts "${DAY}T12:00:00+00:00")"
check "play_counts states" "success recount=success" "$(run_states play_counts "$DAY")"
check "the recount's interval" "interval_start=${DAY}T11:55:00Z interval_end=${DAY}T12:00:00Z" \
  "$(recount_result "$WORK/play_counts.log" interval_start interval_end)"

step "reco_discover_weekly for $NEXT (reads $DAY; small ALS)"
SMALL='"days": 1, "extra_args": "--rank 16 --max-iter 6"'
before="$(current_run || true)"
check "airflow dags test reco_discover_weekly exit code" 0 \
  "$(dags_test reco_discover_weekly "$NEXT" -c "{$SMALL}")"
check "reco_discover_weekly states" "success check_gate=success train_and_publish=success" \
  "$(run_states reco_discover_weekly "$NEXT")"
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

step "reco_daily_mix for $NEXT with gate margin 1000 (cannot pass)"
before="$(current_run || true)"
rc="$(dags_test reco_daily_mix "$NEXT" -c "{$SMALL, \"gate_margin\": 1000}")"
[ "$rc" != 0 ] && rc=nonzero
check "airflow dags test reco_daily_mix exit code" nonzero "$rc"
check "reco_daily_mix states" "failed check_gate=failed train_and_publish=success" "$(run_states reco_daily_mix "$NEXT")"
REPORT="$HARMONIA_STATE_DIR/reports/airflow/reco_daily_mix/$NEXT/report.json"
check "report status" gate-failed "$( [ -f "$REPORT" ] && json_field "$REPORT" status || echo missing)"
check "Redis reco:current-run unchanged" "$before" "$(current_run)"

echo
if [ "$CHECK_FAILURES" -gt 0 ]; then
  cp "$WORK"/*.log "$HARMONIA_LOG_DIR/" 2> /dev/null || true
fi
echo "airflow-dags: $((SECONDS - started))s"
checks_verdict "airflow-dags" "the dags test logs are in $HARMONIA_LOG_DIR"
