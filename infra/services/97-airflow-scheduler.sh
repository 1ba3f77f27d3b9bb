# shellcheck shell=bash
# Airflow's scheduler with the LocalExecutor: creates the DAG runs and runs their tasks (the Spark
# jobs through spark-submit, spark_default). Its log server stays off (it would bind every
# interface); the API server reads the task logs from $HARMONIA_LOG_DIR/airflow. No triggerer: no
# Harmonia task defers. Group `airflow` (infra/airflow.sh).
#
# Ready means: its SchedulerJob row names the pid started here and heartbeated in the last 30 s.

svc_airflow_scheduler_kind() { echo cluster; }
svc_airflow_scheduler_group() { echo airflow; }
svc_airflow_scheduler_address() { echo "LocalExecutor; Spark: $(airflow_spark_master)"; }
svc_airflow_scheduler_log() { echo "$HARMONIA_LOG_DIR/airflow-scheduler.log"; }
svc_airflow_scheduler_timeout() { echo 240; }
svc_airflow_scheduler_install() { ensure_airflow_installed; ensure_spark_installed; }
svc_airflow_scheduler_start() { airflow_spawn airflow-scheduler scheduler --skip-serve-logs; }
svc_airflow_scheduler_ready() { airflow_job_alive airflow-scheduler SchedulerJob; }
