"""
Shared setup of the DAG tests. Airflow reads its configuration when first imported, so the
environment is fixed here, before any test module imports it: the repo's dags/ folder,
no examples, and (unless the stack's AIRFLOW_HOME is given) a throwaway home for the
tests that only parse.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DAGS_DIR = REPO_ROOT / "dags"

os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="aqi-dags-tests-"))
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS_DIR)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
if str(DAGS_DIR) not in sys.path:
    sys.path.insert(0, str(DAGS_DIR))


def load_dagbag():
    from airflow.dag_processing.dagbag import BundleDagBag

    return BundleDagBag(dag_folder=str(DAGS_DIR), bundle_path=DAGS_DIR)


@pytest.fixture(scope="session")
def dags_test_env():
    """Environment overrides for `airflow dags test`: a metadata database no scheduler watches."""
    from support import dags_test_meta

    dags_test_meta.create(dict(os.environ))
    yield dags_test_meta.overrides()
    dags_test_meta.drop()


@pytest.fixture
def dagbag():
    return load_dagbag()


@pytest.fixture
def pipeline(dagbag):
    return dagbag.dags["aqi_pipeline"]
