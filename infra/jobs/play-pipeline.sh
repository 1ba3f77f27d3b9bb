# shellcheck shell=bash
# usage: bin/platform job play-pipeline [--inputTopic=T] [--deadLetterTopic=T] [--consumerGroup=G] [beam options]
#
# The play-events pipeline in the foreground (the play-pipeline service runs the same program): Kafka
# play-events -> Cassandra, until stopped. With HARMONIA_SPARK_MASTER set it is submitted to that
# cluster with spark-submit (the driver is this process; HARMONIA_PLAY_PIPELINE_CORES cores of the
# cluster, default 1), otherwise Beam's Spark runner runs in local mode. On a cluster the driver stops
# when an executor is lost and is submitted again (it resumes from the group's committed offsets).
# See pipelines/README.md.

job_play_pipeline() {
  ensure_built pipelines
  load_secrets
  : "${HARMONIA_PLAY_PIPELINE_CORES:=1}"
  if [ -n "${HARMONIA_SPARK_MASTER:-}" ]; then
    ensure_spark_installed
    spark_environment
    # supervised: a driver that lost an executor is submitted again (spark_supervised_submit)
    local rc=0
    HARMONIA_SPARK_CORES_MAX="$HARMONIA_PLAY_PIPELINE_CORES" spark_supervised_submit play-pipeline "$@" || rc=$?
    exit "$rc"
  fi
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-$HARMONIA_HOST}"
  # shellcheck disable=SC2086
  exec "$HARMONIA_JAVA17_HOME/bin/java" ${HARMONIA_PLAY_PIPELINE_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseParallelGC} \
    "${HARMONIA_SPARK_JVM_FLAGS[@]}" -cp "$(module_classpath pipelines)" io.harmonia.pipelines.plays.PlayEventsPipeline "$@"
}
