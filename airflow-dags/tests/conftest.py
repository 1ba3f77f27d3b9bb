"""The DAGs folder on the path (as Airflow puts it), and no Airflow Variables outside a running task."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[1] / "dags"
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(DAGS))


@pytest.fixture
def no_variables(monkeypatch):
    """Variable.get outside a task has no API to ask: every Variable is unset, as on a fresh install."""
    from harmonia import jobs

    monkeypatch.setattr(jobs.Variable, "get", lambda key, default=None, **_: default)
