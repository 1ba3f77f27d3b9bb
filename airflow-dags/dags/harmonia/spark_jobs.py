"""How a Harmonia DAG submits a Spark job: `SparkSubmitOperator`, with the same submit contract as
`bin/platform job <name>` when HARMONIA_SPARK_MASTER is set.

- Which jobs run on Spark, and their module and main class: the table `infra/jobs/spark-jobs.tsv` of
  the checkout (columns name, module, main_class, kind; `#` lines are comments), read, not repeated.
- The application: `<checkout>/<module>/target/<module>-bundle.jar` (one self-contained jar, built
  by `bin/platform build`), `--class <main_class>`, deploy mode client, app name `harmonia-<name>`;
  a `beam` job gets `--runner=SparkRunner --appName=harmonia-<name> --filesToStage=<the jar>` after
  its own arguments (the ingest takes its catalog first).
- Resources as `spark_submit_command` (infra/spark.sh) sets them: driver memory, executor memory and
  the application's cores from HARMONIA_SPARK_DRIVER_MEMORY / _EXECUTOR_MEMORY / _CORES_MAX, and
  the driver's address HARMONIA_HOST.
- Where: the Airflow connection `spark_default` (the cluster's master, or `local[2]`); the platform's
  Airflow services get it from the environment (AIRFLOW_CONN_SPARK_DEFAULT, infra/airflow.sh).
- The job's settings: every HARMONIA_* variable of the task's environment (jobs.job_environment: the
  process's plus the Variable harmonia_env) but the secrets no job reads goes to the driver as its
  environment and to every executor as `spark.executorEnv.<NAME>`; Spark redacts the secret ones
  from its UI and event logs (`spark.redaction.regex`).

In client mode spark-submit exits with the driver's exit code, so the jobs' codes keep their meaning
(jobs.outcome): 2 and 3 fail at once, anything else non-zero is retried.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk.exceptions import AirflowException, AirflowFailException

from harmonia.jobs import checkout_root, default_checkout_root, job_environment, outcome, report_file

CONN_ID = "spark_default"
TABLE = Path("infra") / "jobs" / "spark-jobs.tsv"

#: HARMONIA_* variables that never leave the Airflow host: no Spark job reads them.
NOT_FOR_JOBS = frozenset({"HARMONIA_JWT_SECRET", "HARMONIA_EDGE_SIGNING_KEY", "HARMONIA_AIRFLOW_DB_PASSWORD"})

#: Spark settings every job is submitted with (besides those from the environment: submit_conf).
BASE_CONF: dict[str, str] = {
    "spark.redaction.regex": "(?i)secret|password|token|access[.]?key|credential",
}


@dataclass(frozen=True)
class SparkJob:
    name: str
    module: str
    main_class: str
    kind: str  # "spark" (a Spark program) or "beam" (a Beam pipeline, run on the SparkRunner)

    def application(self, root: Path) -> Path:
        return root / self.module / "target" / f"{self.module}-bundle.jar"

    def arguments(self, root: Path, args: Sequence[str]) -> list[str]:
        """The application's arguments: a Beam pipeline runs on the Spark runner, which takes the
        master spark-submit set and stages only the bundle (after the job's own arguments)."""
        if self.kind == "beam":
            return [*args, "--runner=SparkRunner", f"--appName=harmonia-{self.name}",
                    f"--filesToStage={self.application(root)}"]
        return list(args)


def spark_jobs(root: Path | None = None) -> dict[str, SparkJob]:
    """The table of Spark jobs of a checkout, by name."""
    path = (root or default_checkout_root()) / TABLE
    jobs: dict[str, SparkJob] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split()
        if fields == ["name", "module", "main_class", "kind"]:
            continue  # a header row
        if len(fields) != 4 or fields[3] not in ("spark", "beam"):
            raise ValueError(f"{path}:{number}: expected 'name module main_class spark|beam', got {line!r}")
        jobs[fields[0]] = SparkJob(*fields)
    return jobs


def job_variables(env: Mapping[str, str]) -> dict[str, str]:
    """The HARMONIA_* variables of an environment that a job gets (the secrets it never reads left out)."""
    return {k: v for k, v in sorted(env.items()) if k.startswith("HARMONIA_") and k not in NOT_FOR_JOBS}


def submit_conf(env: Mapping[str, str]) -> dict[str, str]:
    """The Spark settings a job is submitted with: BASE_CONF, the resources, the executors' environment."""
    return {
        **BASE_CONF,
        "spark.executor.memory": env.get("HARMONIA_SPARK_EXECUTOR_MEMORY") or "1g",
        "spark.cores.max": env.get("HARMONIA_SPARK_CORES_MAX") or "2",
        "spark.driver.host": env.get("HARMONIA_HOST") or "127.0.0.1",
        **{f"spark.executorEnv.{k}": v for k, v in job_variables(env).items()},
    }


def driver_memory(env: Mapping[str, str]) -> str:
    return env.get("HARMONIA_SPARK_DRIVER_MEMORY") or "1g"


class SparkJobOperator(SparkSubmitOperator):
    """Submits the Spark job `job` of infra/jobs/spark-jobs.tsv through the connection `spark_default`.
    `args` is a Jinja-templated string, split like a shell would after rendering. With `report_out`, the
    job also gets `--report-out <report_file(dag, ds)>`, removed first so a check never reads an older
    run's. The jar, the arguments and the environment are settled when the task runs (the Variables
    harmonia_root and harmonia_env are read then, never while the DAG file is parsed)."""

    template_fields: Sequence[str] = (*SparkSubmitOperator.template_fields, "args")
    ui_color = "#fdf1e0"

    def __init__(self, *, job: str, args: str = "", report_out: bool = False, conn_id: str = CONN_ID,
                 conf: Mapping[str, str] | None = None, shuffle_partitions: int | None = None,
                 **kwargs: Any) -> None:
        """`conf`: the job's own Spark settings; `shuffle_partitions`: its default
        spark.sql.shuffle.partitions, which HARMONIA_SPARK_SHUFFLE_PARTITIONS overrides."""
        spec = spark_jobs()[job]
        super().__init__(
            application=str(spec.application(default_checkout_root())),
            java_class=spec.main_class,
            name=f"harmonia-{job}",
            conn_id=conn_id,
            deploy_mode="client",
            conf={**BASE_CONF, **(conf or {})},
            **kwargs,
        )
        self.job = job
        self.args = args
        self.report_out = report_out
        self.shuffle_partitions = shuffle_partitions

    def prepare(self, context: Any, env: Mapping[str, str]) -> None:
        """Settles the jar, arguments, Spark settings and driver environment for this run."""
        root = checkout_root()
        spec = spark_jobs(root)[self.job]
        args = shlex.split(self.args or "")
        if self.report_out:
            path = report_file(self.dag_id, context["ds"], env.get("HARMONIA_STATE_DIR"))
            path.unlink(missing_ok=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            args += ["--report-out", str(path)]
        self.application = str(spec.application(root))
        self.application_args = spec.arguments(root, args)
        self.conf = {**(self.conf or {}), **submit_conf(env)}
        if self.shuffle_partitions is not None:
            self.conf["spark.sql.shuffle.partitions"] = (
                env.get("HARMONIA_SPARK_SHUFFLE_PARTITIONS") or str(self.shuffle_partitions))
        self.env_vars = job_variables(env)
        self._driver_memory = driver_memory(env)

    def execute(self, context: Any) -> None:
        self.prepare(context, job_environment())
        if not Path(self.application).is_file():
            raise AirflowFailException(f"no job jar at {self.application}: run bin/platform build")
        try:
            super().execute(context)
        except AirflowException:
            # the hook says only "Error code is: N": take N from the spark-submit process it ran
            submitted = getattr(self._hook, "_submit_sp", None) if self._hook else None
            code = submitted.returncode if submitted is not None else None
            if not code:
                raise  # spark-submit never ran, or exited 0 and the hook still failed: retried
            outcome(code, self.job)
