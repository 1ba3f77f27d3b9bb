"""Where an operator finds the tasks that failed: every Harmonia DAG's `on_failure_callback`.

A task that has failed for good (its retries spent, or failed at once: exit 2/3, a failed gate) gets
one log line in its task log and one JSON line appended to

    $HARMONIA_STATE_DIR/airflow/failures.jsonl

with dag_id, task_id, run_id, logical_date, try_number, exception and time (UTC) — readable with
`tail`, `jq` or any log shipper, without Airflow's UI or database. The callback runs in the task's
own process (Airflow 3 gives it no database session), so a file is the record it can always write;
appends are whole lines under an exclusive lock, so concurrent tasks never interleave.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

log = logging.getLogger("harmonia.failures")


def failures_file(state_dir: str | None = None) -> Path:
    state = state_dir or os.environ.get("HARMONIA_STATE_DIR", "/var/tmp/harmonia")
    return Path(state) / "airflow" / "failures.jsonl"


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def failure_record(context: Mapping[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """The record of a failed task, from the callback's context."""
    ti = context.get("ti") or context.get("task_instance")
    exception = context.get("exception")
    return {
        "dag_id": getattr(ti, "dag_id", None) or getattr(context.get("dag"), "dag_id", None),
        "task_id": getattr(ti, "task_id", None),
        "run_id": getattr(ti, "run_id", None) or context.get("run_id"),
        "logical_date": _iso(context.get("logical_date")),
        "try_number": getattr(ti, "try_number", None),
        "exception": None if exception is None else f"{type(exception).__name__}: {exception}",
        "time": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
    }


def record_failure(context: Mapping[str, Any], path: Path | None = None) -> dict[str, Any]:
    """on_failure_callback: logs the failed task and appends its record to failures.jsonl."""
    record = failure_record(context)
    target = path or failures_file()
    log.error("task failed: %s.%s run %s (logical date %s, try %s): %s; recorded in %s",
              record["dag_id"], record["task_id"], record["run_id"], record["logical_date"],
              record["try_number"], record["exception"], target)
    target.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, sort_keys=True) + "\n"
    with open(target, "a", encoding="utf-8") as out:
        fcntl.flock(out, fcntl.LOCK_EX)
        try:
            out.write(line)
            out.flush()
        finally:
            fcntl.flock(out, fcntl.LOCK_UN)
    return record
