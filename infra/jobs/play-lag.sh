# shellcheck shell=bash
# usage: bin/platform job play-lag [group] [topic]
#
# The play-events pipeline's consumer-group lag, per partition (committed offset = everything before
# it is stored in Cassandra or the DLQ). Defaults: group play-events-pipeline, topic play-events.

job_play_lag() {
  load_secrets
  ensure_built pipelines
  HARMONIA_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${HARMONIA_JAVA_OPTS:-}" \
    run_java pipelines io.harmonia.pipelines.plays.PlayLag "$@"
}
