# shellcheck shell=bash
# The play-count stream (play-count-aggregator/, `PlayCountsJob --streaming`): Kafka play-events →
# per-song counts per 5-minute window in PostgreSQL within about a minute, on Beam's Spark runner
# (local mode, 2 threads). The batch recount (`bin/platform job play-counts`) stays the
# reconciliation that makes closed windows exact; the stream only ever raises a count.
#
# Ready means: the process runs and its pipeline has started reading Kafka. Spark's streaming
# checkpoint lives in the state directory so a restart resumes; delete it to start afresh (safe:
# the stream cannot lower a count).

PLAY_COUNTS_LOG="$HARMONIA_LOG_DIR/play-counts.log"
PLAY_COUNTS_CHECKPOINT="$HARMONIA_STATE_DIR/spark/play-counts-checkpoint"
: "${HARMONIA_PLAY_COUNTS_JAVA_OPTS:=-Xmx1g -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}"

svc_play_counts_kind() { echo app; }
svc_play_counts_address() { echo "kafka play-events → postgres song_play_counts"; }
svc_play_counts_log() { echo "$PLAY_COUNTS_LOG"; }
svc_play_counts_timeout() { echo 120; }
svc_play_counts_install() { :; }

svc_play_counts_start() {
  mkdir -p "$PLAY_COUNTS_CHECKPOINT" "$(dirname "$PLAY_COUNTS_LOG")"
  echo "=== play-counts started $(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$PLAY_COUNTS_LOG"
  # shellcheck disable=SC2086
  SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" spawn play-counts "$PLAY_COUNTS_LOG" \
    "$HARMONIA_JAVA17_HOME/bin/java" "${HARMONIA_SPARK_JVM_FLAGS[@]}" $HARMONIA_PLAY_COUNTS_JAVA_OPTS \
    -cp "$(module_classpath play-count-aggregator)" io.harmonia.playcounts.PlayCountsJob --streaming \
    --checkpointDir="$PLAY_COUNTS_CHECKPOINT" --batchIntervalMillis=2000
}

# the log is appended to across starts: only what follows the last start marker counts
svc_play_counts_ready() {
  [ -f "$PLAY_COUNTS_LOG" ] && awk '/^=== play-counts started/ { ok = 0 } /counting plays from Kafka/ { ok = 1 }
    END { exit !ok }' "$PLAY_COUNTS_LOG"
}
