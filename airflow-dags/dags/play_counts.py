"""Play counts: the batch recount every 5 minutes, and a daily reconciliation of the previous day."""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import DAG
from airflow.timetables.interval import DeltaDataIntervalTimetable
from airflow.timetables.trigger import CronTriggerTimetable

from harmonia.jobs import END_DATE, START_DATE, default_args, utc_instant
from harmonia.spark_jobs import SparkJobOperator

with DAG(
    dag_id="play_counts",
    # intervals [start, end) (a bare timedelta would make point-in-time runs in Airflow 3)
    schedule=DeltaDataIntervalTimetable(timedelta(minutes=5)),
    start_date=START_DATE,
    end_date=END_DATE,
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(minutes=30),
    user_defined_macros={"utc_instant": utc_instant},
    default_args=default_args(retries=2, retry_delay=timedelta(minutes=1),
                              max_retry_delay=timedelta(minutes=5), execution_timeout=timedelta(minutes=20)),
    tags=["harmonia", "play-counts", "play-count-aggregator"],
    doc_md="""
### Play counts (batch mode)

**Owner:** data-platform. **When:** every 5 minutes, for the data interval `[start, end)` that just ended.

`recount` — the Spark job `play-counts --from <start> --to <end>` (spark-submit through `spark_default`,
as `bin/platform job play-counts …` submits it): qualified plays per song and
5-minute window from Cassandra into PostgreSQL (`song_play_counts`, `songs.play_count`, search outbox),
recounting the allowed lateness (1 h) before the interval too. It replaces the range, so a rerun or an
overlapping run is safe. Not caught up: each run recounts the last hour anyway, and `play_counts_daily`
reconciles whole days. Use this DAG when the aggregator runs in batch mode (not the stream app).
""",
) as play_counts:
    SparkJobOperator(
        task_id="recount",
        job="play-counts",
        args="--from {{ utc_instant(data_interval_start) }} --to {{ utc_instant(data_interval_end) }}",
        doc_md="Recounts the interval's windows (and the hour before) into PostgreSQL; idempotent.",
    )

with DAG(
    dag_id="play_counts_daily",
    schedule=CronTriggerTimetable("0 1 * * *", timezone="UTC"),
    start_date=START_DATE,
    end_date=END_DATE,
    catchup=True,
    max_active_runs=1,
    default_args=default_args(execution_timeout=timedelta(hours=2)),
    tags=["harmonia", "play-counts", "play-count-aggregator"],
    doc_md="""
### Play counts: daily reconciliation

**Owner:** data-platform. **When:** daily at 01:00 UTC; the run whose logical date is day D+1 recounts
UTC day **D** whole (Spark job `play-counts --from D T00:00Z --to D+1 T00:00Z`), catching plays that reached Cassandra later
than the 5-minute runs' allowed lateness. Its result line's `windows_updated` / `windows_inserted` say
how many windows those runs had missed. Idempotent; `catchup` is on, so a backfill recounts a range.
""",
) as play_counts_daily:
    SparkJobOperator(
        task_id="recount_day",
        job="play-counts",
        args="--from {{ macros.ds_add(ds, -1) }}T00:00:00Z --to {{ ds }}T00:00:00Z",
        doc_md="Recounts the previous UTC day into PostgreSQL (Spark job play-counts); idempotent.",
    )
