"""The Spark jobs' submit contract (infra/jobs/spark-jobs.tsv, the jar, the conf and environment) and
SparkJobOperator against a stand-in spark-submit that records what it was given and exits as told."""

from __future__ import annotations

import json
import stat

import pytest
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk.exceptions import AirflowException, AirflowFailException

from conftest import REPO
from harmonia import spark_jobs
from harmonia.spark_jobs import BASE_CONF, SparkJobOperator, job_variables, submit_conf

JOBS = {
    "reco": ("reco-als-job", "io.harmonia.reco.RecoJob", "spark"),
    "play-counts": ("play-count-aggregator", "io.harmonia.playcounts.PlayCountsJob", "beam"),
    "royalty-export": ("play-count-aggregator", "io.harmonia.royalties.RoyaltyExportJob", "beam"),
}


def test_the_checkouts_table_names_the_dags_spark_jobs():
    table = spark_jobs.spark_jobs(REPO)
    for name, (module, main_class, kind) in JOBS.items():
        job = table[name]
        assert (job.module, job.main_class, job.kind) == (module, main_class, kind)
        assert job.application(REPO) == REPO / module / "target" / f"{module}-bundle.jar"
    jar = REPO / "play-count-aggregator" / "target" / "play-count-aggregator-bundle.jar"
    assert table["royalty-export"].arguments(REPO, ["--date", "D"]) == [
        "--date", "D", "--runner=SparkRunner", "--appName=harmonia-royalty-export", f"--filesToStage={jar}"]
    assert table["reco"].arguments(REPO, ["--days", "1"]) == ["--days", "1"]


def test_a_malformed_row_is_an_error(tmp_path):
    (tmp_path / "infra" / "jobs").mkdir(parents=True)
    (tmp_path / "infra" / "jobs" / "spark-jobs.tsv").write_text("# c\nreco reco-als-job io.harmonia.reco.RecoJob\n")
    with pytest.raises(ValueError, match="spark-jobs.tsv:2"):
        spark_jobs.spark_jobs(tmp_path)


ENV = {
    "HARMONIA_STATE_DIR": "/srv/h", "HARMONIA_PG_PASSWORD": "pw", "HARMONIA_S3_SECRET_KEY": "s3",
    "HARMONIA_CASSANDRA_PORT": "9042", "HARMONIA_JWT_SECRET": "jwt", "HARMONIA_EDGE_SIGNING_KEY": "edge",
    "HARMONIA_AIRFLOW_DB_PASSWORD": "af", "PATH": "/usr/bin", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": "postgresql://x",
}


def test_the_executors_get_the_harmonia_variables_but_the_secrets_no_job_reads():
    conf = submit_conf(ENV)
    assert {k: v for k, v in conf.items() if k.startswith("spark.executorEnv.")} == {
        "spark.executorEnv.HARMONIA_CASSANDRA_PORT": "9042", "spark.executorEnv.HARMONIA_PG_PASSWORD": "pw",
        "spark.executorEnv.HARMONIA_S3_SECRET_KEY": "s3", "spark.executorEnv.HARMONIA_STATE_DIR": "/srv/h"}
    assert conf["spark.redaction.regex"] == "(?i)secret|password|token|access[.]?key|credential"
    assert (conf["spark.executor.memory"], conf["spark.cores.max"], conf["spark.driver.host"]) == ("1g", "2", "127.0.0.1")
    sized = submit_conf({**ENV, "HARMONIA_SPARK_EXECUTOR_MEMORY": "3g", "HARMONIA_SPARK_CORES_MAX": "8",
                         "HARMONIA_HOST": "10.0.0.5"})
    assert (sized["spark.executor.memory"], sized["spark.cores.max"], sized["spark.driver.host"]) == ("3g", "8", "10.0.0.5")
    assert set(job_variables(ENV)) == {"HARMONIA_CASSANDRA_PORT", "HARMONIA_PG_PASSWORD", "HARMONIA_S3_SECRET_KEY",
                                       "HARMONIA_STATE_DIR"}


@pytest.fixture
def checkout(tmp_path, monkeypatch, no_variables):
    """A checkout with the real job table, stand-in jars, and a spark-submit on PATH that records its
    arguments and environment and exits with $EXIT_WITH."""
    (tmp_path / "infra" / "jobs").mkdir(parents=True)
    (tmp_path / "infra" / "jobs" / "spark-jobs.tsv").write_text((REPO / spark_jobs.TABLE).read_text())
    for module in ("play-count-aggregator", "reco-als-job"):
        (tmp_path / module / "target").mkdir(parents=True)
        (tmp_path / module / "target" / f"{module}-bundle.jar").write_bytes(b"PK")
    bin_dir = tmp_path / "spark" / "bin"
    bin_dir.mkdir(parents=True)
    submit = bin_dir / "spark-submit"
    submit.write_text('#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "$RECORD/argv"\n'
                      'env | grep "^HARMONIA_" | sort > "$RECORD/env"\necho "driver says hello"\n'
                      'exit "${EXIT_WITH:-0}"\n')
    submit.chmod(submit.stat().st_mode | stat.S_IEXEC)
    record = tmp_path / "record"
    record.mkdir()
    monkeypatch.setenv("RECORD", str(record))
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("HARMONIA_ROOT", str(tmp_path))
    monkeypatch.setenv("HARMONIA_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("HARMONIA_CASSANDRA_PORT", "19042")
    monkeypatch.setenv("HARMONIA_JWT_SECRET", "not-for-jobs")
    for name in ("HARMONIA_SPARK_DRIVER_MEMORY", "HARMONIA_SPARK_EXECUTOR_MEMORY", "HARMONIA_SPARK_CORES_MAX",
                 "HARMONIA_SPARK_SHUFFLE_PARTITIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AIRFLOW_CONN_SPARK_DEFAULT", json.dumps({"conn_type": "spark", "host": "local[2]"}))
    return tmp_path


def argv(checkout) -> list[str]:
    return (checkout / "record" / "argv").read_text().splitlines()


def test_the_operator_submits_the_jobs_jar_with_its_class_conf_and_arguments(checkout):
    op = SparkJobOperator(task_id="export", job="royalty-export", args="--date 2026-01-01 --verify")
    assert isinstance(op, SparkSubmitOperator)

    op.execute({})

    got = argv(checkout)
    jar = str(checkout / "play-count-aggregator" / "target" / "play-count-aggregator-bundle.jar")
    assert got[:2] == ["--master", "local[2]"]
    assert got[got.index(jar):] == [jar, "--date", "2026-01-01", "--verify", "--runner=SparkRunner",
                                    "--appName=harmonia-royalty-export", f"--filesToStage={jar}"]
    options = dict(zip(got[:got.index(jar)][::2], got[:got.index(jar)][1::2]))
    assert options["--name"] == "harmonia-royalty-export"
    assert options["--class"] == "io.harmonia.royalties.RoyaltyExportJob"
    assert options["--deploy-mode"] == "client"
    assert options["--driver-memory"] == "1g"
    confs = [v for k, v in zip(got[::2], got[1::2]) if k == "--conf"]
    assert "spark.executorEnv.HARMONIA_CASSANDRA_PORT=19042" in confs
    assert f"spark.executorEnv.HARMONIA_ROOT={checkout}" in confs
    assert "spark.executor.memory=1g" in confs and "spark.cores.max=2" in confs
    assert not [c for c in confs if "JWT" in c]
    assert "HARMONIA_CASSANDRA_PORT=19042" in (checkout / "record" / "env").read_text().splitlines()


def test_the_connection_names_the_master(checkout, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_SPARK_DEFAULT",
                       json.dumps({"conn_type": "spark", "host": "spark://127.0.0.1:8077"}))
    SparkJobOperator(task_id="recount", job="play-counts", args="--from a --to b").execute({})
    assert argv(checkout)[:2] == ["--master", "spark://127.0.0.1:8077"]


@pytest.mark.parametrize("code,error", [(1, AirflowException), (2, AirflowFailException), (3, AirflowFailException),
                                        (137, AirflowException)])
def test_the_drivers_exit_code_decides_retry_or_fail(checkout, monkeypatch, code, error):
    monkeypatch.setenv("EXIT_WITH", str(code))
    with pytest.raises(error) as raised:
        SparkJobOperator(task_id="verify", job="royalty-export", args="--date 2026-01-01 --verify").execute({})
    assert f"exited {code}" in str(raised.value)
    if error is AirflowException:
        assert not isinstance(raised.value, AirflowFailException)


def test_a_missing_jar_fails_without_retry(checkout):
    (checkout / "reco-als-job" / "target" / "reco-als-job-bundle.jar").unlink()
    with pytest.raises(AirflowFailException, match="bin/platform build"):
        SparkJobOperator(task_id="train", job="reco", args="--days 1").execute({"ds": "2026-01-05"})


def test_report_out_removes_the_last_report_and_passes_its_path(checkout):
    from airflow.sdk import DAG
    from harmonia.jobs import report_file

    stale = report_file("reco_daily_mix", "2026-01-05", str(checkout / "state"))
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    with DAG("reco_daily_mix", schedule=None):
        op = SparkJobOperator(task_id="train_and_publish", job="reco", args="--days 30 --rank 16", report_out=True)

    op.execute({"ds": "2026-01-05"})

    assert not stale.exists()
    assert "spark.sql.shuffle.partitions=200" not in argv(checkout)
    jar = str(checkout / "reco-als-job" / "target" / "reco-als-job-bundle.jar")
    got = argv(checkout)
    assert got[got.index(jar):] == [jar, "--days", "30", "--rank", "16", "--report-out", str(stale)]


def test_a_jobs_own_conf_and_shuffle_partitions(checkout, monkeypatch):
    op = SparkJobOperator(task_id="train", job="reco", args="--days 1", report_out=False,
                          conf={"spark.driver.extraJavaOptions": "-Xss16m"}, shuffle_partitions=8)
    op.execute({})
    confs = [v for k, v in zip(argv(checkout)[::2], argv(checkout)[1::2]) if k == "--conf"]
    assert "spark.driver.extraJavaOptions=-Xss16m" in confs and "spark.sql.shuffle.partitions=8" in confs

    monkeypatch.setenv("HARMONIA_SPARK_SHUFFLE_PARTITIONS", "32")
    SparkJobOperator(task_id="train", job="reco", shuffle_partitions=8).execute({})
    assert "spark.sql.shuffle.partitions=32" in argv(checkout)
