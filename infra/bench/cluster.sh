# shellcheck shell=bash
# usage: bin/platform bench cluster [backlog] [--users N] [--scale X] [--rank N] [--max-iter N]
#
# Local mode against the Spark standalone cluster (bin/platform up spark: a master and 2 workers of
# 1 core each), figures side by side in one run:
#   - the play-events pipeline (bin/platform job play-pipeline) draining the same backlog (default
#     100000 plays) from a topic and consumer group of its own, in local mode, on the cluster with one
#     core (HARMONIA_PLAY_PIPELINE_CORES=1) and with two (one executor on each worker): start-up (launch
#     to the first committed offset), drain time and records/s (first commit to every record
#     committed), and the ratios;
#   - the ALS job (bin/platform job reco --input cassandra --output ...) on the same plays in Cassandra
#     (SyntheticPlays from HetRec Last.fm user ids up to N, default 1892: 1708 listeners, on one
#     far-future day; scale 1000: about one play per user-artist pair, so little to read for the same
#     matrix to fit; rank 96, 15 iterations by default) in local[2] and on the cluster (2 x 1 core):
#     wall time, the report's stage timings (the fit is train_evaluation_model), and the ratios.
# It starts the stores and the spark group if needed and leaves the platform as it found it: its
# topics, groups, checkpoints and plays of the far-future day are deleted, services it started are
# stopped again (the cluster stays up if it was up). Figures: system-tests/benchmarks/results/cluster.json
# and cluster.md. About 10-15 minutes on the shared 2-core machine.

bench_cluster() {
  local backlog=100000 users=1892 scale=1000 rank=96 max_iter=15
  while [ $# -gt 0 ]; do
    case "$1" in
      --users) users="$2"; shift ;;
      --scale) scale="$2"; shift ;;
      --rank) rank="$2"; shift ;;
      --max-iter) max_iter="$2"; shift ;;
      [0-9]*) backlog="$1" ;;
      *) die "bench cluster: unknown argument $1 (bin/platform bench cluster --help)" ;;
    esac
    shift
  done
  local datasets="${HARMONIA_DATASETS_DIR:-$HARMONIA_ROOT/../shared/datasets}"
  local hetrec="$datasets/lastfm-hetrec2011/user_artists.dat"
  [ -f "$hetrec" ] || die "HetRec Last.fm not found at $hetrec (set HARMONIA_DATASETS_DIR)"
  local work="$HARMONIA_STATE_DIR/bench/cluster" started=$SECONDS
  # local mode unless the benchmark says otherwise (it passes the master to the cluster runs only)
  unset HARMONIA_SPARK_MASTER HARMONIA_PLAY_PIPELINE_CORES

  # what was down before: stopped again at the end
  local s was_down=()
  for s in postgres redis kafka cassandra spark-master spark-worker-1 spark-worker-2; do
    [ "$(service_state "$s")" = up ] || was_down+=("$s")
  done
  # shellcheck disable=SC2064 # the list is fixed now
  trap "bench_cluster_restore '$work' ${was_down[*]+"${was_down[*]}"}" EXIT
  step "Starting PostgreSQL, Redis, Kafka, Cassandra and the Spark cluster"
  cmd_up postgres redis kafka cassandra > /dev/null
  cmd_migrate --only postgres,cassandra,kafka > /dev/null
  cmd_up spark > /dev/null
  ensure_built
  rm -rf "$work"; mkdir -p "$work"

  local day
  day="$(date -u -d "2700-01-01 + $(( $(od -An -N2 -tu2 /dev/urandom) % 30000 )) days" +%F)"
  step "Writing plays for $day to Cassandra (SyntheticPlays: HetRec users 1-$users, scale $scale)"
  awk -F'\t' -v n="$users" 'NR == 1 || $1 <= n' "$hetrec" > "$work/user_artists.dat"
  HARMONIA_JAVA_OPTS="-Xmx1g" run_spark_java reco-als-job io.harmonia.reco.bench.SyntheticPlays \
    "$work/user_artists.dat" "$day" 1 "$scale" 2> "$work/plays.log" | tail -n 1 > "$work/plays.json" \
    || { tail -n 30 "$work/plays.log" >&2; die "writing the plays failed"; }
  info "$(cat "$work/plays.json")"

  step "Measuring: the pipeline local / 1 core / 2 cores, then ALS local / cluster (10-15 minutes)"
  (
    HARMONIA_JAVA_OPTS="-Xmx512m" run_java system-tests io.harmonia.system.cluster.ClusterBenchmark \
      "$backlog" "$(spark_master_url)" "$day" "$work/plays.json" "$work" "$rank" "$max_iter" "$users"
  ) 2> "$work/benchmark.log" || { tail -n 40 "$work/benchmark.log" >&2; cp "$work/benchmark.log" "$HARMONIA_LOG_DIR/bench-cluster.log"; die "the benchmark failed (log: $HARMONIA_LOG_DIR/bench-cluster.log)"; }
  info "bench cluster: $((SECONDS - started))s"
}

# Deletes the work folder and stops what the benchmark started (in reverse order).
bench_cluster_restore() { # work services-that-were-down...
  local work="$1" i; shift
  rm -rf "$work"
  local down=("$@")
  for ((i = ${#down[@]} - 1; i >= 0; i--)); do
    cmd_down "${down[$i]}" > /dev/null || true
  done
}
