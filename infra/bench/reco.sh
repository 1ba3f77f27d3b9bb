# shellcheck shell=bash
# usage: bin/platform bench reco
#
# The recommendations benchmark, in one run.
#  1. the job offline on HetRec Last.fm (the acceptance run): metrics vs the most-popular baseline,
#     its top-10 lists, and the train/test split it used;
#  2. the Python `implicit` library (pinned in reco-als-job/benchmarks/requirements.txt, installed
#     into a virtualenv under the state directory) trains on that same split for the same grid of
#     ranks and iterations and writes its top-10 lists;
#  3. Spark ALS on the same split for that grid; every list scored by the job's metric code;
#  4. synthetic plays derived from HetRec written to Cassandra, and the job timed end to end on
#     them (read, train, evaluate, publish to Redis);
# then reco-als-job/benchmarks/results/reco.json and reco.md.
# Knobs: RECO_BENCH_GRID (rank:iterations,...), RECO_BENCH_SCALE (Cassandra size), RECO_BENCH_SKIP_CASSANDRA=1.

bench_reco() {
  local datasets="${HARMONIA_DATASETS_DIR:-$HARMONIA_ROOT/../shared/datasets}"
  local hetrec="$datasets/lastfm-hetrec2011/user_artists.dat"
  local work="$HARMONIA_STATE_DIR/bench/reco"
  local results="$HARMONIA_ROOT/reco-als-job/benchmarks/results"
  local grid="${RECO_BENCH_GRID:-16:10,64:15,128:15}"
  # implicit's regularization is its own (constant, not scaled by counts like Spark's): tuned on the
  # same validation split as Spark's parameters (reco-als-job/README.md, "Tuning")
  local implicit_reg="${RECO_BENCH_IMPLICIT_REG:-100}" reg alpha
  [ -f "$hetrec" ] || die "HetRec Last.fm not found at $hetrec (set HARMONIA_DATASETS_DIR)"
  ensure_built reco-als-job
  rm -rf "$work"; mkdir -p "$work" "$results"
  export HARMONIA_JAVA_OPTS="${HARMONIA_JAVA_OPTS:--Xmx3g -Xss16m}"

  step "1/5 The job on HetRec Last.fm (offline: top-10 lists and the split, no publishing)"
  run_spark_java reco-als-job io.harmonia.reco.RecoJob --input "$hetrec" --output "$work/job-top10.jsonl" \
    --write-split "$work/split" --report-dir "$work/reports" 2>&1 | grep -E "Stage|Gate|@10|status|report:" || true
  local job_report
  job_report="$(ls -d "$work"/reports/*/ | head -n 1)report.json"
  [ -f "$job_report" ] || die "the HetRec run left no report"
  # the job's defaults, as the acceptance run reports them: the grid below uses the same
  reg="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["parameters"]["als"]["regParam"])' "$job_report")"
  alpha="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["parameters"]["als"]["alpha"])' "$job_report")"

  step "2/5 Python implicit on the same split (grid $grid, regularization $implicit_reg, alpha $alpha)"
  local venv="$HARMONIA_STATE_DIR/venvs/reco-bench"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  info "installing reco-als-job/benchmarks/requirements.txt into $venv"
  "$venv/bin/pip" install -q -r "$HARMONIA_ROOT/reco-als-job/benchmarks/requirements.txt"
  local implicit_grid="" point
  for point in ${grid//,/ }; do implicit_grid+="${implicit_grid:+;}$point:$implicit_reg:$alpha"; done
  # implicit parallelises with its own threads and asks for a single-threaded BLAS
  OPENBLAS_NUM_THREADS=1 "$venv/bin/python" "$HARMONIA_ROOT/reco-als-job/benchmarks/implicit_als.py" --split-dir "$work/split" \
    --out-dir "$work/implicit" --grid "$implicit_grid" --k 10

  local e2e="$work/cassandra-e2e.json"
  if [ -n "${RECO_BENCH_SKIP_CASSANDRA:-}" ]; then
    echo '{"skipped": true}' > "$e2e"
  else
    bench_reco_cassandra "$hetrec" "$work" "$e2e" "${RECO_BENCH_SCALE:-100}"
  fi

  step "5/5 Spark ALS on the same split (grid $grid, regParam $reg, alpha $alpha), scoring, results"
  run_spark_java reco-als-job io.harmonia.reco.bench.Bench "$work/split" "$grid" "$reg" "$alpha" "$job_report" \
    "$work/implicit/implicit-runs.json" "$e2e" "$results" 2>&1 | grep -vE "WARN|INFO" || true
  [ -f "$results/reco.md" ] || die "the benchmark wrote no results"
  cat "$results/reco.md"
}

# Synthetic plays in Cassandra, in a fixed past week with deterministic event ids, so that a rerun
# overwrites the same rows instead of adding plays; then the job end to end, publishing to Redis.
bench_reco_cassandra() { # hetrec work e2e-file scale
  local hetrec="$1" work="$2" e2e="$3" scale="$4" first_day="2001-01-01" days=7
  step "3/5 Cassandra and Redis for the end-to-end run"
  cmd_up cassandra redis
  cmd_migrate --only cassandra
  info "writing plays derived from HetRec (scale $scale) to plays_by_day, $first_day + $days days"
  run_spark_java reco-als-job io.harmonia.reco.bench.SyntheticPlays "$hetrec" "$first_day" "$days" "$scale" \
    2>/dev/null | tail -n 1 > "$work/synthetic-plays.json"
  cat "$work/synthetic-plays.json"
  step "4/5 The job end to end on Cassandra ($first_day, $days days): read, train, evaluate, publish"
  local started ended
  started="$(date +%s.%N)"
  run_spark_java reco-als-job io.harmonia.reco.RecoJob --input cassandra --from "$first_day" \
    --to "$(date -u -d "$first_day + $((days - 1)) days" +%F)" --genres false --report-dir "$work/cassandra-reports" \
    2>&1 | grep -E "Stage|Gate|status|report:" || true
  ended="$(date +%s.%N)"
  local report
  report="$(ls -d "$work"/cassandra-reports/*/ | head -n 1)report.json"
  printf '{"generator": %s, "job_wall_seconds": %s, "job_report": "%s"}\n' \
    "$(cat "$work/synthetic-plays.json")" "$(awk "BEGIN { printf \"%.1f\", $ended - $started }")" "$report" > "$e2e"
}
