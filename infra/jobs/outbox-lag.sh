# shellcheck shell=bash
# usage: bin/platform job outbox-lag [max-age-seconds]
#
# Unpublished outbox rows and the age of the oldest; exits 1 when the oldest is older than the
# threshold (default 300 s), 2 on bad arguments. Airflow alerts on the exit code.

job_outbox_lag() {
  ensure_built search-indexer
  HARMONIA_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${HARMONIA_JAVA_OPTS:-}" \
    run_java search-indexer io.harmonia.search.relay.OutboxLag "$@"
}
