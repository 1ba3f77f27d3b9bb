"""Recommendations: Discover Weekly (Mondays) and Daily Mix (daily), each checked against its gate."""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import DAG, Param
from airflow.providers.standard.operators.python import PythonOperator
from airflow.timetables.trigger import CronTriggerTimetable

from harmonia.jobs import END_DATE, START_DATE, check_gate, default_args
from harmonia.spark_jobs import SparkJobOperator

# As infra/jobs/reco.sh submits the job: ALS's deep lineage needs deep stacks, and on this data 8
# shuffle partitions (HARMONIA_SPARK_SHUFFLE_PARTITIONS) run about three times faster than 200.
RECO_CONF = {"spark.driver.extraJavaOptions": "-Xss16m", "spark.executor.extraJavaOptions": "-Xss16m"}
RECO_SHUFFLE_PARTITIONS = 8

DOC = """
### Recommendations: {title}

**Owner:** recommendations. **When:** {when}.

1. `train_and_publish` — the Spark job `reco` (spark-submit through `spark_default`) `--input cassandra --to D --days {{{{ params.days }}}}
   --gate-margin {{{{ params.gate_margin }}}} --report-out …`, with D the day before the logical date:
   reads `plays_by_day`, trains ALS, evaluates it on held-out plays against the most-popular baseline
   and publishes Discover Weekly and Daily Mixes to Redis (one atomic switch of `reco:current-run`)
   only when NDCG@10 ≥ (1 + margin) × baseline. The report JSON goes to
   `$HARMONIA_STATE_DIR/reports/airflow/<dag>/<logical day>/report.json` (replaced by a rerun).
2. `check_gate` — reads that report and fails (no retry) unless the run passed its gate and was
   published. The job itself exits 0 when the gate fails (the previous lists stay current), so this
   check is what shows it.

A rerun of a day trains again and publishes a newer run, or leaves the current one. Params (or
`dag_run.conf`): `gate_margin`, `days`, `extra_args` (more job options, e.g. `--rank 16 --max-iter 5`).
See reco-als-job/README.md.
"""


def recommendations_dag(dag_id: str, cron: str, title: str, when: str, days: int) -> DAG:
    with DAG(
        dag_id=dag_id,
        schedule=CronTriggerTimetable(cron, timezone="UTC"),
        start_date=START_DATE,
        end_date=END_DATE,
        catchup=False,
        max_active_runs=1,
        default_args=default_args(owner="recommendations", execution_timeout=timedelta(hours=3), retries=2,
                                  retry_delay=timedelta(minutes=5), max_retry_delay=timedelta(hours=1)),
        params={
            "gate_margin": Param(0.10, type="number", minimum=0, description="publish only if NDCG@10 >= (1 + margin) x baseline"),
            "days": Param(days, type="integer", minimum=1, description="days of plays read, up to the day before the logical date"),
            "extra_args": Param("", type="string", description="more reco job options"),
        },
        tags=["harmonia", "recommendations", "reco-als-job"],
        doc_md=DOC.format(title=title, when=when),
    ) as dag:
        train = SparkJobOperator(
            task_id="train_and_publish",
            job="reco",
            args="--input cassandra --to {{ macros.ds_add(ds, -1) }} --days {{ params.days }} "
                 "--gate-margin {{ params.gate_margin }} {{ params.extra_args }}",
            report_out=True,
            conf=RECO_CONF,
            shuffle_partitions=RECO_SHUFFLE_PARTITIONS,
            doc_md="Trains, evaluates against the baseline, publishes to Redis when the gate passes.",
        )
        gate = PythonOperator(
            task_id="check_gate",
            python_callable=check_gate,
            op_kwargs={"dag_id": dag_id, "run_day": "{{ ds }}"},
            doc_md="Fails unless the run's report says published with its gate passed; returns the run id.",
        )
        train >> gate
    return dag


discover_weekly = recommendations_dag(
    "reco_discover_weekly", "0 0 * * 1", "Discover Weekly", "Mondays at 00:00 UTC", days=90)
daily_mix = recommendations_dag(
    "reco_daily_mix", "0 4 * * *", "Daily Mix", "daily at 04:00 UTC", days=30)
