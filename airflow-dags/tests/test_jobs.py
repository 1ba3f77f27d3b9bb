"""The operator's exit-code handling (with real subprocesses) and the recommendations gate check."""

from __future__ import annotations

import json
import os
import stat

import pytest
from airflow.sdk.exceptions import AirflowException, AirflowFailException
from airflow.sdk import DAG

from harmonia import jobs
from harmonia.jobs import PlatformJobOperator, check_gate, gate_outcome, outcome, report_file


@pytest.mark.parametrize("code", [2, 3])
def test_bad_arguments_and_mismatches_fail_without_retry(code):
    with pytest.raises(AirflowFailException, match=f"exited {code}"):
        outcome(code, "royalty-export")


@pytest.mark.parametrize("code", [1, 137, 255])
def test_other_failures_are_retried(code):
    with pytest.raises(AirflowException) as raised:
        outcome(code, "play-counts")
    assert not isinstance(raised.value, AirflowFailException)


def test_success_is_quiet():
    assert outcome(0, "reindex") is None


@pytest.fixture
def checkout(tmp_path, monkeypatch, no_variables):
    """A stand-in checkout whose bin/platform records its arguments and exits with $EXIT_WITH."""
    platform = tmp_path / "bin" / "platform"
    platform.parent.mkdir()
    platform.write_text('#!/usr/bin/env bash\necho "$@" > "$HARMONIA_STATE_DIR/argv"\necho "last line: $1 $2"\n'
                        'exit "${EXIT_WITH:-0}"\n')
    platform.chmod(platform.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("HARMONIA_ROOT", str(tmp_path))
    monkeypatch.setenv("HARMONIA_STATE_DIR", str(tmp_path))
    return tmp_path


def run(operator, context=None):
    return operator.execute(context or {})


def test_the_operator_runs_bin_platform_job_with_the_rendered_args(checkout, monkeypatch):
    op = PlatformJobOperator(task_id="export", job="royalty-export", args="--date 2026-01-01 --verify")

    assert run(op) == "last line: job royalty-export"
    assert (checkout / "argv").read_text().split() == ["job", "royalty-export", "--date", "2026-01-01", "--verify"]


@pytest.mark.parametrize("code,error", [(1, AirflowException), (2, AirflowFailException), (3, AirflowFailException)])
def test_the_operator_maps_the_jobs_exit_code(checkout, monkeypatch, code, error):
    monkeypatch.setenv("EXIT_WITH", str(code))
    op = PlatformJobOperator(task_id="verify", job="royalty-export", args="--date 2026-01-01 --verify")

    with pytest.raises(error, match=f"exited {code}"):
        run(op)


def test_harmonia_env_variable_reaches_the_job_and_wins(checkout, monkeypatch):
    monkeypatch.setenv("EXIT_WITH", "0")
    values = {"harmonia_env": json.dumps({"EXIT_WITH": "3"})}
    monkeypatch.setattr(jobs.Variable, "get", lambda key, default=None, **_: values.get(key, default))

    with pytest.raises(AirflowFailException, match="exited 3"):
        run(PlatformJobOperator(task_id="t", job="reindex"))


def test_report_out_removes_the_last_report_and_names_the_file(checkout):
    stale = report_file("reco_daily_mix", "2026-01-05", str(checkout))
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    with DAG("reco_daily_mix", schedule=None):
        op = PlatformJobOperator(task_id="train_and_publish", job="reco", args="--days 30", report_out=True)

    run(op, {"ds": "2026-01-05"})

    assert not stale.exists()
    assert (checkout / "argv").read_text().split() == ["job", "reco", "--days", "30", "--report-out", str(stale)]
    assert stale == checkout / "reports" / "airflow" / "reco_daily_mix" / "2026-01-05" / "report.json"


PUBLISHED = {"run_id": "20260105T040000Z-abcdef", "status": "published",
             "gate": {"passed": True, "reason": "NDCG@10 of ALS 0.25 >= ..."}}


def test_a_published_run_passes_the_gate_check():
    assert gate_outcome(PUBLISHED) == "20260105T040000Z-abcdef"


@pytest.mark.parametrize("report", [
    {"run_id": "r", "status": "gate-failed", "status_reason": "NDCG@10 of ALS 0.1 < ...", "gate": {"passed": False}},
    {"run_id": "r", "status": "not-switched", "gate": {"passed": True}},
    {"run_id": "r", "status": "offline", "gate": {"passed": True}},
    {"run_id": "r", "status": "published", "gate": {"passed": False}},
    {"run_id": "r", "status": "published"},
])
def test_anything_else_fails_the_gate_check(report):
    with pytest.raises(AirflowFailException, match="not published"):
        gate_outcome(report)


def test_check_gate_reads_the_report_of_its_dag_and_day(checkout):
    path = report_file("reco_discover_weekly", "2026-01-05", str(checkout))
    with pytest.raises(AirflowFailException, match="no report"):
        check_gate("reco_discover_weekly", "2026-01-05")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(PUBLISHED))

    assert check_gate("reco_discover_weekly", "2026-01-05") == PUBLISHED["run_id"]
    path.write_text(json.dumps({**PUBLISHED, "status": "gate-failed"}))
    with pytest.raises(AirflowFailException):
        check_gate("reco_discover_weekly", "2026-01-05")
