"""Search: the nightly full reindex behind the aliases, and the outbox-lag check."""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import DAG
from airflow.timetables.trigger import CronTriggerTimetable

from harmonia.jobs import END_DATE, START_DATE, PlatformJobOperator, default_args

with DAG(
    dag_id="search_reindex",
    schedule=CronTriggerTimetable("0 3 * * *", timezone="UTC"),
    start_date=START_DATE,
    end_date=END_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(owner="search", retries=2, execution_timeout=timedelta(hours=2)),
    tags=["harmonia", "search", "search-indexer"],
    doc_md="""
### Search: nightly full reindex

**Owner:** search. **When:** daily at 03:00 UTC.

`reindex` — `bin/platform job reindex`: rebuilds `songs`, `artists`, `albums` from PostgreSQL into their
next versioned indices and switches the aliases atomically; search answers from the old indices until
the switch. A rerun builds the next version again: safe. Not caught up (only the latest state matters).
See search-indexer/README.md.
""",
) as search_reindex:
    PlatformJobOperator(
        task_id="reindex",
        job="reindex",
        doc_md="Full reindex from PostgreSQL with an atomic alias switch.",
    )

with DAG(
    dag_id="search_outbox_lag",
    schedule=timedelta(minutes=10),
    start_date=START_DATE,
    end_date=END_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(owner="search", retries=2, retry_delay=timedelta(minutes=1),
                              max_retry_delay=timedelta(minutes=4), execution_timeout=timedelta(minutes=5)),
    tags=["harmonia", "search", "search-indexer", "check"],
    doc_md="""
### Search: outbox lag check

**Owner:** search. **When:** every 10 minutes.

`outbox_lag` — `bin/platform job outbox-lag 300`: the unpublished outbox rows and the age of the
oldest; exit 1 when it is older than 300 s (the relay is stuck or behind). The retries give a slow
relay a few minutes to catch up; a run that still fails is the alert. Reads only.
""",
) as search_outbox_lag:
    PlatformJobOperator(
        task_id="outbox_lag",
        job="outbox-lag",
        args="300",
        doc_md="Fails when the oldest unpublished outbox row is older than 300 s.",
    )
