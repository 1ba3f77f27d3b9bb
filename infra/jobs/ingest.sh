# shellcheck shell=bash
# usage: bin/platform ingest <catalog> [pipeline options]   (the same: bin/platform job ingest ...)
#
# The catalog ingest pipeline (pipelines/README.md). <catalog> is a directory holding catalog.json, or the
# manifest file. Options go to the pipeline: --runner=SparkRunner (default: DirectRunner),
# --targetParallelism=N, --encodeOnly=true, ... Needs postgres and objectstore up.
# Exit status: 0 all songs in, 3 some songs failed (listed in the run summary), other: the run failed.

# The JVM only orchestrates: the work is ffmpeg processes. C2's compiler threads and G1's workers
# competed with them for the two cores (an 8-song run took 65 s with the defaults, 21 s with these).
INGEST_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx2g"

job_ingest() {
  [ $# -ge 1 ] || die "usage: bin/platform ingest <catalog dir or catalog.json> [--runner=SparkRunner] [--targetParallelism=N] ..."
  local catalog="$1"; shift
  [ -e "$catalog" ] || die "ingest: no catalog at $catalog"
  apt_install ffmpeg lame sox espeak-ng # ffmpeg (libmp3lame) encodes; the rest make demo masters
  local s
  for s in postgres objectstore; do
    svc_call "$s" ready > /dev/null 2>&1 || die "ingest needs $s: start it with 'bin/platform up postgres objectstore'"
  done
  ensure_built pipelines
  step "Ingesting $catalog"
  # On a cluster (HARMONIA_SPARK_MASTER set) the encoding runs on the executors: the catalog's
  # masters must be at a path every worker sees (here, this machine's).
  if [ -n "${HARMONIA_SPARK_MASTER:-}" ]; then
    run_spark_job ingest "$(realpath "$catalog")" "$@"
    return
  fi
  local launcher=run_java arg
  for arg in "$@"; do
    [ "$arg" = --runner=SparkRunner ] && launcher=run_spark_java
  done
  HARMONIA_JAVA_OPTS="${HARMONIA_JAVA_OPTS:-$INGEST_JAVA_OPTS}" \
    "$launcher" pipelines io.harmonia.pipelines.ingest.CatalogIngest "$(realpath "$catalog")" "$@"
}
