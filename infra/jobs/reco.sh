# shellcheck shell=bash
# usage: bin/platform job reco [--input cassandra|<triples file>] [--output file.jsonl] [options]
#
# The ALS recommendations job (reco-als-job/README.md lists the options). From Cassandra it
# publishes to Redis when the model passes its gate; with --output it writes top-k lists instead.

job_reco() {
  ensure_built reco-als-job
  local report_dir="$HARMONIA_STATE_DIR/reports/reco"
  mkdir -p "$report_dir" "$HARMONIA_STATE_DIR/spark"
  step "Running the recommendations job (reports under $report_dir)"
  HARMONIA_JAVA_OPTS="${HARMONIA_JAVA_OPTS:--Xmx3g -Xss16m}" \
    HARMONIA_SPARK_SUBMIT_ARGS="${HARMONIA_SPARK_SUBMIT_ARGS:---conf spark.driver.extraJavaOptions=-Xss16m --conf spark.executor.extraJavaOptions=-Xss16m --conf spark.sql.shuffle.partitions=${HARMONIA_SPARK_SHUFFLE_PARTITIONS:-8}}" \
    run_spark_job reco "$@"
}
