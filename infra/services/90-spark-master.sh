# shellcheck shell=bash
# The Spark standalone master of the cluster profile (bin/platform up --cluster, or up spark): the
# Apache Spark distribution of infra/spark.sh, `spark-class org.apache.spark.deploy.master.Master`
# on loopback. Jobs reach it at spark://$HARMONIA_HOST:$HARMONIA_SPARK_MASTER_PORT when
# HARMONIA_SPARK_MASTER is set to that; its UI's /json/ lists the workers and the applications.
#
# Ready means: the master's JSON says ALIVE.

SPARK_MASTER_LOG="$HARMONIA_LOG_DIR/spark-master.log"

svc_spark_master_kind() { echo cluster; }
svc_spark_master_group() { echo spark; }
svc_spark_master_address() { echo "$(spark_master_url) (UI :$HARMONIA_SPARK_MASTER_UI_PORT)"; }
svc_spark_master_packages() { echo curl python3-venv; }
svc_spark_master_log() { echo "$SPARK_MASTER_LOG"; }
svc_spark_master_timeout() { echo 90; }
svc_spark_master_install() { ensure_spark_installed; }

svc_spark_master_start() {
  require_free_port spark-master "$HARMONIA_SPARK_MASTER_PORT"
  require_free_port spark-master "$HARMONIA_SPARK_MASTER_UI_PORT"
  mkdir -p "$HARMONIA_STATE_DIR/spark/master"
  (
    spark_environment
    cd "$HARMONIA_STATE_DIR/spark/master" || exit 1
    export SPARK_DAEMON_MEMORY="$HARMONIA_SPARK_DAEMON_MEMORY"
    # spark-class execs the JVM: the recorded pid is the master's
    spawn spark-master "$SPARK_MASTER_LOG" "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master \
      --host "$HARMONIA_HOST" --port "$HARMONIA_SPARK_MASTER_PORT" --webui-port "$HARMONIA_SPARK_MASTER_UI_PORT"
  )
}

svc_spark_master_ready() {
  spark_master_json | grep -q '"status" *: *"ALIVE"'
}
