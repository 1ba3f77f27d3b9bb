# shellcheck shell=bash
# bin/platform job play-lag [group] [topic]: the play-events pipeline's consumer-group lag, per
# partition (committed offset = everything before it is stored in Cassandra or the DLQ).

job_play_lag() {
  load_secrets
  ensure_built pipelines
  HARMONIA_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${HARMONIA_JAVA_OPTS:-}" \
    run_java pipelines io.harmonia.pipelines.plays.PlayLag "$@"
}
