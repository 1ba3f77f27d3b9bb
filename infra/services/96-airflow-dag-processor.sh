# shellcheck shell=bash
# Airflow's DAG processor: parses airflow-dags/dags into the metadata database (PostgreSQL `airflow`).
# Group `airflow` (infra/airflow.sh).
#
# Ready means: its DagProcessorJob row names the pid started here and heartbeated in the last 30 s.

svc_airflow_dag_processor_kind() { echo cluster; }
svc_airflow_dag_processor_group() { echo airflow; }
svc_airflow_dag_processor_address() { echo "parses airflow-dags/dags"; }
svc_airflow_dag_processor_log() { echo "$HARMONIA_LOG_DIR/airflow-dag-processor.log"; }
svc_airflow_dag_processor_timeout() { echo 240; }
svc_airflow_dag_processor_install() { ensure_airflow_installed; ensure_spark_installed; }
svc_airflow_dag_processor_start() { airflow_spawn airflow-dag-processor dag-processor; }
svc_airflow_dag_processor_ready() { airflow_job_alive airflow-dag-processor DagProcessorJob; }
