"""How a Harmonia DAG runs the platform's batch jobs: the Spark jobs through SparkSubmitOperator
(harmonia/spark_jobs.py), the other tools as `bin/platform job <name> [args]` (PlatformJobOperator).

The jobs' exit codes (infra/jobs/*.sh, play-count-aggregator/README.md) decide what Airflow does:

    0       done
    1       failed (a store unreachable, a write refused): raise, so Airflow retries with back-off
    2       bad arguments: fail at once, a retry cannot help
    3       a check found a mismatch (royalty export --verify): fail at once and alert
    other   failed: retry

Where the checkout is and which environment the jobs get come from the Airflow Variables
`harmonia_root` and `harmonia_env` (a JSON object of environment variables), else from the
environment (HARMONIA_ROOT; bin/platform airflow sets it), else from this file's place in the
checkout. The platform's own settings (HARMONIA_STATE_DIR, ports, hosts) reach the job through the
environment: nothing here names a host.
"""

from __future__ import annotations

import json
import os
import shlex
from datetime import timedelta
from pathlib import Path
from typing import Any, Sequence

import pendulum

from airflow.sdk.exceptions import AirflowException, AirflowFailException
from airflow.providers.standard.hooks.subprocess import SubprocessHook
from airflow.sdk import BaseOperator, Variable

from harmonia.failures import record_failure

OWNER = "data-platform"

#: The first logical date the DAGs schedule; catchup (royalty_export, play_counts_daily) fills every
#: day from it. HARMONIA_AIRFLOW_START_DATE (an ISO date or instant) moves it, e.g. to the platform's
#: first day of plays before a first deployment. HARMONIA_AIRFLOW_END_DATE, when set, is the last:
#: nothing is scheduled, and no run is accepted, after it (the end-to-end test pins both to its day).
START_DATE = pendulum.parse(os.environ.get("HARMONIA_AIRFLOW_START_DATE") or "2026-01-01", tz="UTC")
END_DATE = pendulum.parse(os.environ["HARMONIA_AIRFLOW_END_DATE"], tz="UTC") if os.environ.get("HARMONIA_AIRFLOW_END_DATE") else None

#: exit code -> why a retry cannot help
NO_RETRY_EXIT_CODES = {
    2: "bad arguments",
    3: "the check found a mismatch",
}

#: What every task of every Harmonia DAG gets unless it says otherwise.
DEFAULT_ARGS: dict[str, Any] = {
    "owner": OWNER,
    "retries": 3,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(hours=1),
    "depends_on_past": False,
    # a task failed for good: a log line and a record in $HARMONIA_STATE_DIR/airflow/failures.jsonl
    "on_failure_callback": record_failure,
}


def default_args(**overrides: Any) -> dict[str, Any]:
    return {**DEFAULT_ARGS, **overrides}


def checkout_root() -> Path:
    """The Harmonia checkout whose bin/platform and job jars the tasks run (read while a task runs)."""
    root = Variable.get("harmonia_root", default=None)
    return Path(root) if root else default_checkout_root()


def default_checkout_root() -> Path:
    """The checkout without asking Airflow's Variables (what a DAG file may use while it is parsed):
    HARMONIA_ROOT, else the checkout this file is in."""
    root = os.environ.get("HARMONIA_ROOT")
    if root:
        return Path(root)
    return Path(__file__).resolve().parents[3]  # airflow-dags/dags/harmonia/jobs.py


def job_environment() -> dict[str, str]:
    """This process's environment plus the Variable harmonia_env (a JSON object), which wins."""
    env = dict(os.environ)
    extra = Variable.get("harmonia_env", default=None)
    if extra:
        values = json.loads(extra) if isinstance(extra, str) else extra
        if not isinstance(values, dict):
            raise AirflowFailException("the Variable harmonia_env must be a JSON object of environment variables")
        env.update({str(k): str(v) for k, v in values.items()})
    return env


def outcome(exit_code: int, job: str) -> None:
    """Turns a job's exit code into Airflow's outcome: nothing (success), retry, or fail at once."""
    if exit_code == 0:
        return
    if exit_code in NO_RETRY_EXIT_CODES:
        raise AirflowFailException(
            f"job {job} exited {exit_code} ({NO_RETRY_EXIT_CODES[exit_code]}): not retried")
    raise AirflowException(f"job {job} exited {exit_code}: failed, will be retried")


def report_file(dag_id: str, run_day: str, state_dir: str | None = None) -> Path:
    """Where a run of a recommendations DAG has the job write its report (--report-out): one file per
    DAG and logical day, replaced by a rerun of that day."""
    state = state_dir or os.environ.get("HARMONIA_STATE_DIR", "/var/tmp/harmonia")
    return Path(state) / "reports" / "airflow" / dag_id / run_day / "report.json"


def utc_instant(value: Any) -> str:
    """An Airflow date-time as the ISO-8601 UTC instant the jobs take (2026-01-02T00:05:00Z)."""
    return value.in_timezone("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


class PlatformJobOperator(BaseOperator):
    """Runs `bin/platform job <job> <args>` in the checkout; `args` is a Jinja-templated string, split
    like a shell would after rendering. With `report_out`, the job is also given
    `--report-out <report_file(dag, ds)>`, removed first so that a check never reads an older run's."""

    template_fields: Sequence[str] = ("args",)
    ui_color = "#e8f1fb"

    def __init__(self, *, job: str, args: str = "", report_out: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.job = job
        self.args = args
        self.report_out = report_out
        self._hook: SubprocessHook | None = None

    def command(self, context: Any = None) -> list[str]:
        argv = [str(checkout_root() / "bin" / "platform"), "job", self.job, *shlex.split(self.args or "")]
        if self.report_out:
            env = job_environment()
            path = report_file(self.dag_id, context["ds"], env.get("HARMONIA_STATE_DIR"))
            path.unlink(missing_ok=True)
            argv += ["--report-out", str(path)]
        return argv

    def execute(self, context: Any) -> str:
        argv = self.command(context)
        self.log.info("Running %s", shlex.join(argv))
        self._hook = SubprocessHook()
        result = self._hook.run_command(command=argv, env=job_environment(), cwd=str(checkout_root()))
        outcome(result.exit_code, self.job)
        return result.output

    def on_kill(self) -> None:
        if self._hook is not None:
            self._hook.send_sigterm()


def gate_outcome(report: dict[str, Any]) -> str:
    """The recommendations job's report -> its run id when the run passed its gate and was published;
    otherwise AirflowFailException (the job exits 0 when its gate fails: keeping the previous lists is
    normal for the job, but the DAG's check must show it)."""
    status = report.get("status")
    gate = report.get("gate") or {}
    if status == "published" and gate.get("passed") is True:
        return str(report["run_id"])
    reason = report.get("status_reason") or gate.get("reason") or "no reason given"
    raise AirflowFailException(f"recommendations run {report.get('run_id')} was not published: {status} ({reason})")


def check_gate(dag_id: str, run_day: str) -> str:
    """The check task of a recommendations DAG: reads the report its train task's job wrote."""
    path = report_file(dag_id, run_day, job_environment().get("HARMONIA_STATE_DIR"))
    if not path.is_file():
        raise AirflowFailException(f"the recommendations job wrote no report at {path}")
    return gate_outcome(json.loads(path.read_text(encoding="utf-8")))
