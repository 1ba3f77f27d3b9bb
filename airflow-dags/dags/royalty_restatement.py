"""Royalty restatement: daily at 06:00 UTC, re-export each of the last 30 days whose plays changed."""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import DAG
from airflow.timetables.trigger import CronTriggerTimetable

from harmonia.jobs import END_DATE, START_DATE, default_args
from harmonia.spark_jobs import SparkJobOperator

# The run whose logical date is day L looks at the 30 days L-30 .. L-1 (yesterday included: its
# export ran at 02:00; the API accepts plays up to 30 days old).
FIRST_DAY = "{{ macros.ds_add(ds, -30) }}"
LAST_DAY = "{{ macros.ds_add(ds, -1) }}"
RANGE = f"--from {FIRST_DAY} --to {LAST_DAY}"

with DAG(
    dag_id="royalty_restatement",
    schedule=CronTriggerTimetable("0 6 * * *", timezone="UTC"),
    start_date=START_DATE,
    end_date=END_DATE,
    # every run looks back 30 days: a missed run is covered by the next one
    catchup=False,
    # two restatements of one day must not race for its pointer
    max_active_runs=1,
    default_args=default_args(execution_timeout=timedelta(hours=3)),
    tags=["harmonia", "royalties", "play-count-aggregator"],
    doc_md="""
### Royalty restatement

**Owner:** data-platform (the royalty team is paid on the current runs). **When:** daily at 06:00 UTC,
after `royalty_export` (02:00); the run whose logical date is day L covers the **30 days L-30 … L-1**
(the API accepts plays up to 30 days old).

1. `restate` — the Spark job `royalty-export --from L-30 --to L-1 --restate`: for each day of the range
   that has a current run (`date=D/_current.json` in the royalty bucket), a direct count in Cassandra of
   the plays received by now; a day whose plays differ from its current run's (a play that arrived
   after the day's cut-off, or was stored late) gets a new export run, which supersedes the previous
   one (kept, listed in the pointer's history). Days that did not change are not exported again;
   days without an export are left to `royalty_export`. The job prints which days it restated.
2. `verify` — `royalty-export --from L-30 --to L-1 --verify`: the current run of every exported day of
   the range against its manifest and a direct count of the plays received by its cut-off. Exit 3
   (mismatch) fails the task at once, without retries: clear `restate`, then the check.

Exit 1 (a store unreachable) is retried with exponential back-off. Catchup is off: each run looks
back 30 days. Details: play-count-aggregator/README.md.
""",
) as dag:
    restate = SparkJobOperator(
        task_id="restate",
        job="royalty-export",
        args=f"{RANGE} --restate",
        doc_md="Re-exports the days of the last 30 whose plays changed since their current run; idempotent.",
    )
    verify = SparkJobOperator(
        task_id="verify",
        job="royalty-export",
        args=f"{RANGE} --verify",
        retries=1,
        doc_md="Checks the current run of every exported day of the range; exit 3 = mismatch.",
    )
    restate >> verify
