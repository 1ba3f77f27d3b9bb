# shellcheck shell=bash
# usage: bin/platform job play-counts [--from T] [--to T] [--window PT5M] [--allowed-lateness PT1H] [beam options]
#        bin/platform job play-counts --streaming [--early-firing PT1M] [--max-delay PT1M] [--consumer-group G]
#        bin/platform job play-counts --check-stream [--max-lag N] [--consumer-group G]
#
# Recounts the qualified plays per song and window for the logical interval [from, to) (ISO-8601
# instants; default: the last closed window) from Cassandra into PostgreSQL, refreshing
# songs.play_count and the search outbox. Idempotent. Prints one JSON line (what it read and wrote);
# exit 0 done, 1 failed (retry), 2 bad arguments. Beam options (--runner=..., --sparkMaster=...) go to
# Beam. See play-count-aggregator/README.md.

job_play_counts() {
  ensure_built play-count-aggregator >&2
  step "Recounting play counts ${*:-(the last closed window)}" >&2
  HARMONIA_JAVA_OPTS="${HARMONIA_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}" \
    run_spark_job play-counts "$@"
}
