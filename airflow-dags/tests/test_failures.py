"""The failure callback every DAG has: a log line and one JSON line per failed task."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from types import SimpleNamespace

from harmonia.failures import failure_record, failures_file, record_failure


def fake_context(task_id="verify", try_number=2):
    ti = SimpleNamespace(dag_id="royalty_export", task_id=task_id, run_id="manual__2701-03-04T00:00:00+00:00",
                         try_number=try_number)
    return {"ti": ti, "logical_date": datetime(2701, 3, 4, tzinfo=timezone.utc),
            "exception": RuntimeError("job royalty-export exited 3 (the check found a mismatch): not retried")}


def test_the_callback_appends_one_record_per_failed_task(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("HARMONIA_STATE_DIR", str(tmp_path))
    with caplog.at_level(logging.ERROR, logger="harmonia.failures"):
        record_failure(fake_context())
        record_failure(fake_context(task_id="export", try_number=4))

    path = tmp_path / "airflow" / "failures.jsonl"
    assert failures_file() == path
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(r["task_id"], r["try_number"]) for r in records] == [("verify", 2), ("export", 4)]
    first = records[0]
    assert first["dag_id"] == "royalty_export"
    assert first["run_id"] == "manual__2701-03-04T00:00:00+00:00"
    assert first["logical_date"] == "2701-03-04T00:00:00+00:00"
    assert first["exception"] == "RuntimeError: job royalty-export exited 3 (the check found a mismatch): not retried"
    assert datetime.fromisoformat(first["time"]).tzinfo is not None
    assert "royalty_export.verify" in caplog.text and "exited 3" in caplog.text


def test_a_record_without_an_exception_or_date_still_names_the_task():
    record = failure_record({"ti": SimpleNamespace(dag_id="d", task_id="t", run_id="r", try_number=1)},
                            now=datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert record == {"dag_id": "d", "task_id": "t", "run_id": "r", "logical_date": None, "try_number": 1,
                      "exception": None, "time": "2026-01-01T00:00:00+00:00"}
