"""Royalty export: daily at 02:00 UTC, the previous UTC day's export, then its check."""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import DAG
from airflow.timetables.trigger import CronTriggerTimetable

from harmonia.jobs import END_DATE, START_DATE, default_args
from harmonia.spark_jobs import SparkJobOperator

# The run at 02:00 UTC on day D+1 (its logical date) exports day D.
EXPORT_DAY = "{{ macros.ds_add(ds, -1) }}"

with DAG(
    dag_id="royalty_export",
    schedule=CronTriggerTimetable("0 2 * * *", timezone="UTC"),
    start_date=START_DATE,
    end_date=END_DATE,
    catchup=True,
    max_active_runs=2,
    default_args=default_args(execution_timeout=timedelta(hours=2)),
    tags=["harmonia", "royalties", "play-count-aggregator"],
    doc_md="""
### Royalty export

**Owner:** data-platform (royalty team consumes the files). **When:** daily at 02:00 UTC; the run whose
logical date is day D+1 exports UTC day **D** (`--date {{ macros.ds_add(ds, -1) }}`).

1. `export` — the Spark job `royalty-export --date D` (spark-submit through `spark_default`): a new run
   of the plays received by now (the cut-off, in the manifest) — Parquet, CSV, the reconciliation
   report and `_manifest.json` under `date=D/run=<run-id>/` in the royalty bucket, then the pointer
   `date=D/_current.json` (last). A rerun over the same plays publishes nothing and says so
   (`"status": "unchanged"`; its files would be byte-identical). Later plays of D are paid by
   `royalty_restatement`.
2. `verify` — `royalty-export --date D --verify`: the current run is the day's, each file
   has its size and SHA-256, both data files hold the manifest's rows and totals, and a direct count in
   Cassandra of the plays received by the cut-off equals the manifest's. Exit 3 (mismatch) fails the
   task at once, without retries: rerun the export, then the check (clear `export`).

Exit 1 (a store unreachable) is retried with exponential back-off. `catchup` is on: a backfill of a
date range is `bin/platform airflow backfill create --dag-id royalty_export --from-date … --to-date …`
(airflow-dags/README.md). Details: play-count-aggregator/README.md.
""",
) as dag:
    export = SparkJobOperator(
        task_id="export",
        job="royalty-export",
        args=f"--date {EXPORT_DAY}",
        doc_md="Publishes a new run of day D (files, report, manifest, then the pointer) unless nothing changed; idempotent for D.",
    )
    verify = SparkJobOperator(
        task_id="verify",
        job="royalty-export",
        args=f"--date {EXPORT_DAY} --verify",
        retries=1,
        doc_md="Checks day D's current run against its manifest and a direct count in Cassandra; exit 3 = mismatch.",
    )
    export >> verify
