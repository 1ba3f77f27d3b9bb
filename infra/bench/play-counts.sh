# shellcheck shell=bash
# usage: bin/platform bench play-counts [plays] [songs]
#
# One generated day of plays (default 100000 plays over 1000 songs)
# in Cassandra; a plain driver scan of the day (the baseline) side by side
# with the play-count recount, its rerun, the royalty export and its check, each as a ratio of the
# baseline. Writes play-count-aggregator/benchmarks/results/play-counts.{json,md}.
# Needs postgres, cassandra and objectstore up. The generated day (years 2100-2999) stays stored.

bench_play_counts() {
  ensure_built play-count-aggregator >&2
  step "Benchmark: play counts and royalty export over ${1:-100000} plays"
  HARMONIA_JAVA_OPTS="${HARMONIA_JAVA_OPTS:--Xmx2g -XX:+UseSerialGC}" \
    run_spark_java play-count-aggregator io.harmonia.playcounts.benchmark.PlayCountsBenchmark \
    "${1:-100000}" "${2:-1000}" "$HARMONIA_ROOT/play-count-aggregator/benchmarks/results"
}
