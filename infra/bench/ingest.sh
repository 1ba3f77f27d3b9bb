# shellcheck shell=bash
# usage: bin/platform bench ingest [--songs N] [--rounds R] [--with-stores] [--no-spark]
#
# Benchmark (c): the ingest pipeline's encode throughput against plain sequential ffmpeg calls on the
# same generated masters, side by side in one run (IngestBenchmark says how). Figures go to
# pipelines/benchmarks/results/ingest.json and .md. --with-stores also times a full ingest (uploads and
# PostgreSQL writes, reported apart) under fresh "bench<token>-" ids: it needs postgres and objectstore.

bench_ingest() {
  local songs=40 rounds=3 extra=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --songs) songs="$2"; shift ;;
      --rounds) rounds="$2"; shift ;;
      --with-stores|--no-spark) extra+=("$1") ;;
      *) die "usage: bin/platform bench ingest [--songs N] [--rounds R] [--with-stores] [--no-spark]" ;;
    esac
    shift
  done
  apt_install ffmpeg lame sox espeak-ng
  if [[ " ${extra[*]-} " == *" --with-stores "* ]]; then
    local s
    for s in postgres objectstore; do
      svc_call "$s" ready > /dev/null 2>&1 || die "--with-stores needs $s: bin/platform up postgres objectstore"
    done
  fi
  ensure_built pipelines
  local catalog="$HARMONIA_STATE_DIR/bench/ingest-catalog"
  step "Generating the benchmark masters ($songs songs)"
  # short masters only (6-12 s), the ones the recorded figures were measured on
  run_java pipelines io.harmonia.pipelines.democatalog.DemoCatalogGenerator --out "$catalog" --songs "$songs" \
    --full-length 0 --id-prefix bench
  step "Encode throughput: pipeline (DirectRunner, Spark) vs sequential ffmpeg, $rounds round(s)"
  # shellcheck source=../jobs/ingest.sh
  source "$HARMONIA_ROOT/infra/jobs/ingest.sh" # the JVM flags of `bin/platform ingest`: the pipeline runs as there
  HARMONIA_JAVA_OPTS="${HARMONIA_JAVA_OPTS:-$INGEST_JAVA_OPTS}" \
    run_spark_java pipelines io.harmonia.pipelines.ingest.benchmark.IngestBenchmark --catalog "$catalog" \
      --out "$HARMONIA_ROOT/pipelines/benchmarks/results/ingest.json" --rounds "$rounds" "${extra[@]+"${extra[@]}"}"
}
