# shellcheck shell=bash
# The play-events pipeline (pipelines/, io.harmonia.pipelines.plays.PlayEventsPipeline): Kafka
# play-events -> Cassandra plays_by_user / plays_by_day, refused records -> play-events-dlq, on
# Beam's Spark runner in local mode — or, with HARMONIA_SPARK_MASTER set, submitted to that cluster
# (its checkpoint directory is under the state directory: a path every worker must see). A
# long-running streaming job; started after the API.
#
# Ready means "the job runs": its log says so (Spark takes 20-40 s to start here). It resumes from
# its consumer group's committed offsets (play-events-pipeline), which advance only past stored
# records; `bin/platform job play-lag` shows the lag, and the log has a progress line every 30 s.

PLAY_PIPELINE_LOG="$HARMONIA_LOG_DIR/play-pipeline.log"
: "${HARMONIA_PLAY_PIPELINE_JAVA_OPTS:=-Xms256m -Xmx1g -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError}"
: "${HARMONIA_PLAY_PIPELINE_ARGS:=}"
: "${HARMONIA_PLAY_PIPELINE_CORES:=1}" # cluster cores it takes when HARMONIA_SPARK_MASTER is set

svc_play_pipeline_kind() { echo app; }
svc_play_pipeline_address() { echo "kafka play-events -> cassandra (group play-events-pipeline)"; }
svc_play_pipeline_log() { echo "$PLAY_PIPELINE_LOG"; }
svc_play_pipeline_timeout() { echo 180; }
svc_play_pipeline_install() { :; }

svc_play_pipeline_start() {
  # one log per run: readiness reads this run's lines only
  if [ -f "$PLAY_PIPELINE_LOG" ]; then mv -f "$PLAY_PIPELINE_LOG" "$PLAY_PIPELINE_LOG.1"; fi
  mkdir -p "$HARMONIA_STATE_DIR/play-pipeline"
  # shellcheck disable=SC2086
  (
    cd "$HARMONIA_STATE_DIR/play-pipeline" || exit 1
    export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
    if [ -n "${HARMONIA_SPARK_MASTER:-}" ]; then
      # On the cluster: the driver runs here (client mode: this service's process), the micro-batches
      # on the workers' executors; one core of the cluster, so batch jobs still find one.
      # (bin/platform job play-pipeline supervises the submission: a driver that lost an executor
      # is submitted again)
      spawn play-pipeline "$PLAY_PIPELINE_LOG" "$HARMONIA_ROOT/bin/platform" job play-pipeline $HARMONIA_PLAY_PIPELINE_ARGS
    else
      spawn play-pipeline "$PLAY_PIPELINE_LOG" \
        "$HARMONIA_JAVA17_HOME/bin/java" $HARMONIA_PLAY_PIPELINE_JAVA_OPTS "${HARMONIA_SPARK_JVM_FLAGS[@]}" \
        -cp "$(module_classpath pipelines)" io.harmonia.pipelines.plays.PlayEventsPipeline $HARMONIA_PLAY_PIPELINE_ARGS
    fi
  )
  info "waiting for 'play-events pipeline running' in $PLAY_PIPELINE_LOG"
}

svc_play_pipeline_ready() {
  grep -q 'play-events pipeline running' "$PLAY_PIPELINE_LOG" 2>/dev/null
}
