# shellcheck shell=bash
# Spark standalone worker 1 of the cluster profile (see 90-spark-master.sh and spark_worker_start).
svc_spark_worker_1_kind() { echo cluster; }
svc_spark_worker_1_group() { echo spark; }
svc_spark_worker_1_address() { spark_worker_address 1; }
svc_spark_worker_1_packages() { echo curl python3-venv; }
svc_spark_worker_1_log() { echo "$HARMONIA_LOG_DIR/spark-worker-1.log"; }
svc_spark_worker_1_timeout() { echo 90; }
svc_spark_worker_1_install() { ensure_spark_installed; }
svc_spark_worker_1_start() { spark_worker_start 1; }
svc_spark_worker_1_ready() { spark_worker_ready 1; }
