# shellcheck shell=bash
# Airflow's API server: the REST API, the UI and the execution API the tasks report to, on loopback
# ($HARMONIA_HOST:$HARMONIA_AIRFLOW_PORT), one worker. Group `airflow` with the DAG processor and the
# scheduler (infra/airflow.sh); metadata in PostgreSQL's `airflow` database.
#
# Ready means: /api/v2/monitor/health answers and says the metadata database is healthy.

svc_airflow_api_kind() { echo cluster; }
svc_airflow_api_group() { echo airflow; }
svc_airflow_api_address() { echo "http://$HARMONIA_HOST:$HARMONIA_AIRFLOW_PORT (UI, /api/v2)"; }
svc_airflow_api_log() { echo "$HARMONIA_LOG_DIR/airflow-api.log"; }
svc_airflow_api_timeout() { echo 240; }
svc_airflow_api_install() { ensure_airflow_installed; ensure_spark_installed; }

svc_airflow_api_start() {
  require_free_port airflow-api "$HARMONIA_AIRFLOW_PORT"
  airflow_spawn airflow-api api-server
}

svc_airflow_api_ready() {
  curl -fsS -m 5 "http://$HARMONIA_HOST:$HARMONIA_AIRFLOW_PORT/api/v2/monitor/health" 2> /dev/null \
    | grep -q '"metadatabase": *{ *"status": *"healthy"'
}
