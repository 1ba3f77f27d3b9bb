# shellcheck shell=bash
# Spark standalone worker 2 of the cluster profile (see 90-spark-master.sh and spark_worker_start).
svc_spark_worker_2_kind() { echo cluster; }
svc_spark_worker_2_group() { echo spark; }
svc_spark_worker_2_address() { spark_worker_address 2; }
svc_spark_worker_2_packages() { echo curl python3-venv; }
svc_spark_worker_2_log() { echo "$HARMONIA_LOG_DIR/spark-worker-2.log"; }
svc_spark_worker_2_timeout() { echo 90; }
svc_spark_worker_2_install() { ensure_spark_installed; }
svc_spark_worker_2_start() { spark_worker_start 2; }
svc_spark_worker_2_ready() { spark_worker_ready 2; }
