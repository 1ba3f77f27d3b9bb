"""Every DAG file loaded by the installed Airflow's DagBag, and the rules every Harmonia DAG keeps."""

from __future__ import annotations

from datetime import timedelta

import jinja2
import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.sdk.execution_time import macros
from airflow.timetables.simple import NullTimetable

from conftest import DAGS, REPO
from harmonia.failures import record_failure
from harmonia.jobs import PlatformJobOperator
from harmonia.spark_jobs import BASE_CONF, spark_jobs
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

EXPECTED = {
    "play_counts", "play_counts_daily", "royalty_export", "royalty_restatement", "reco_discover_weekly", "reco_daily_mix",
    "search_reindex", "search_outbox_lag",
}
JOBS = {p.stem for p in (REPO / "infra" / "jobs").glob("*.sh")}
#: the tasks that submit a Spark job, and the job
SPARK_TASKS = {
    ("play_counts", "recount"): "play-counts", ("play_counts_daily", "recount_day"): "play-counts",
    ("royalty_export", "export"): "royalty-export", ("royalty_export", "verify"): "royalty-export",
    ("royalty_restatement", "restate"): "royalty-export", ("royalty_restatement", "verify"): "royalty-export",
    ("reco_discover_weekly", "train_and_publish"): "reco", ("reco_daily_mix", "train_and_publish"): "reco",
}


@pytest.fixture(scope="module")
def dagbag() -> DagBag:
    # load_examples is off in the environment bin/platform airflow sets (infra/airflow.sh)
    return DagBag(dag_folder=str(DAGS))


def every_dag(dagbag):
    return [dagbag.dags[d] for d in sorted(dagbag.dags)]


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}


def test_the_expected_dags_and_no_others(dagbag):
    assert set(dagbag.dags) == EXPECTED


def test_no_cycles(dagbag):
    for dag in every_dag(dagbag):
        state: dict[str, str] = {}

        def visit(task_id: str, path: tuple[str, ...]) -> None:
            assert state.get(task_id) != "open", f"{dag.dag_id}: cycle {' -> '.join(path + (task_id,))}"
            if state.get(task_id) == "done":
                return
            state[task_id] = "open"
            for down in dag.get_task(task_id).downstream_task_ids:
                visit(down, path + (task_id,))
            state[task_id] = "done"

        for task_id in dag.task_ids:
            visit(task_id, ())


def test_every_dag_has_a_schedule_docs_tags_and_a_start(dagbag):
    for dag in every_dag(dagbag):
        assert not isinstance(dag.timetable, NullTimetable), f"{dag.dag_id} has no schedule"
        assert dag.doc_md and len(dag.doc_md.strip()) > 100, f"{dag.dag_id} has no doc_md"
        assert "harmonia" in dag.tags, dag.dag_id
        assert dag.start_date is not None, dag.dag_id


def test_every_task_retries_with_back_off_a_timeout_and_an_owner(dagbag):
    for dag in every_dag(dagbag):
        for task in dag.tasks:
            where = f"{dag.dag_id}.{task.task_id}"
            assert task.retries >= 1, f"{where}: no retries"
            assert task.retry_exponential_backoff, f"{where}: no exponential back-off"
            assert task.retry_delay >= timedelta(minutes=1), f"{where}: retry delay {task.retry_delay}"
            assert task.max_retry_delay is not None, f"{where}: no cap on the back-off"
            assert task.execution_timeout is not None, f"{where}: no execution_timeout"
            assert task.owner and task.owner != "airflow", f"{where}: no owner"
            assert task.doc_md, f"{where}: no doc_md"


def test_tasks_run_only_the_platforms_jobs(dagbag):
    assert {"reindex", "outbox-lag"} <= JOBS
    for dag in every_dag(dagbag):
        for task in dag.tasks:
            where = f"{dag.dag_id}.{task.task_id}"
            if (dag.dag_id, task.task_id) in SPARK_TASKS:
                continue
            if isinstance(task, PlatformJobOperator):
                assert task.job in JOBS, f"{where} runs unknown job {task.job}"
            else:
                assert task.task_id == "check_gate", f"{where} is not a platform job"


def test_the_spark_jobs_are_submitted_with_spark_submit(dagbag):
    table = spark_jobs(REPO)
    found = {(dag.dag_id, task.task_id): task for dag in every_dag(dagbag) for task in dag.tasks
             if isinstance(task, SparkSubmitOperator)}
    assert set(found) == set(SPARK_TASKS)
    for key, job in SPARK_TASKS.items():
        task, spec = found[key], table[job]
        assert task.job == job, key
        assert task.application == str(REPO / spec.module / "target" / f"{spec.module}-bundle.jar"), key
        assert task._java_class == spec.main_class, key
        assert task._conn_id == "spark_default", key
        assert task._deploy_mode == "client", key
        assert task.name == f"harmonia-{job}", key
        own = {"spark.driver.extraJavaOptions": "-Xss16m", "spark.executor.extraJavaOptions": "-Xss16m"} \
            if job == "reco" else {}
        assert task.conf == {**BASE_CONF, **own}, key  # the executors' environment is added when the task runs
        assert task.shuffle_partitions == (8 if job == "reco" else None), key


def test_every_dag_records_its_failed_tasks(dagbag):
    for dag in every_dag(dagbag):
        assert dag.default_args.get("on_failure_callback") is record_failure, dag.dag_id
        for task in dag.tasks:
            callbacks = task.on_failure_callback
            callbacks = callbacks if isinstance(callbacks, list) else [callbacks]
            assert record_failure in callbacks, f"{dag.dag_id}.{task.task_id}"


def rendered_args(dag, task_id, **context) -> str:
    env = dag.get_template_env()
    env.undefined = jinja2.StrictUndefined
    task = dag.get_task(task_id)
    return env.from_string(task.args).render(macros=macros, params=dag.params.dump(), **context)


def test_royalty_export_exports_then_verifies_the_day_before_the_logical_date(dagbag):
    dag = dagbag.dags["royalty_export"]
    assert dag.catchup is True
    assert dag.get_task("export").downstream_task_ids == {"verify"}
    assert dag.get_task("export").job == dag.get_task("verify").job == "royalty-export"
    assert rendered_args(dag, "export", ds="2026-01-02") == "--date 2026-01-01"
    assert rendered_args(dag, "verify", ds="2026-01-02") == "--date 2026-01-01 --verify"


def test_royalty_restatement_restates_then_verifies_the_last_30_days(dagbag):
    dag = dagbag.dags["royalty_restatement"]
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert dag.get_task("restate").downstream_task_ids == {"verify"}
    assert rendered_args(dag, "restate", ds="2026-03-02") == "--from 2026-01-31 --to 2026-03-01 --restate"
    assert rendered_args(dag, "verify", ds="2026-03-02") == "--from 2026-01-31 --to 2026-03-01 --verify"


def test_play_counts_recount_their_interval(dagbag):
    import pendulum

    dag = dagbag.dags["play_counts"]
    start = pendulum.datetime(2026, 1, 2, 10, 5, tz="UTC")
    args = rendered_args(dag, "recount", data_interval_start=start,
                         data_interval_end=start.add(minutes=5), utc_instant=dag.user_defined_macros["utc_instant"])
    assert args == "--from 2026-01-02T10:05:00Z --to 2026-01-02T10:10:00Z"
    daily = dagbag.dags["play_counts_daily"]
    assert daily.catchup is True
    assert rendered_args(daily, "recount_day", ds="2026-01-02") == "--from 2026-01-01T00:00:00Z --to 2026-01-02T00:00:00Z"


def test_recommendations_train_then_check_the_gate(dagbag):
    for dag_id, cron in [("reco_discover_weekly", "0 0 * * 1"), ("reco_daily_mix", "0 4 * * *")]:
        dag = dagbag.dags[dag_id]
        assert dag.timetable.summary == cron
        train = dag.get_task("train_and_publish")
        assert train.job == "reco" and train.report_out
        assert train.downstream_task_ids == {"check_gate"}
        assert rendered_args(dag, "train_and_publish", ds="2026-01-05").startswith(
            "--input cassandra --to 2026-01-04 --days ")
        assert "--gate-margin 0.1" in rendered_args(dag, "train_and_publish", ds="2026-01-05")


def test_search_schedules(dagbag):
    assert dagbag.dags["search_reindex"].timetable.summary == "0 3 * * *"
    assert dagbag.dags["search_reindex"].get_task("reindex").job == "reindex"
    lag = dagbag.dags["search_outbox_lag"].get_task("outbox_lag")
    assert (lag.job, lag.args) == ("outbox-lag", "300")
