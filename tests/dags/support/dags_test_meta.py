"""
A metadata database of the DAG tests' own for `airflow dags test`. Those runs execute in
the test's process, but their dag runs and task instances are rows of whichever metadata
database Airflow is given; in the live stack's, a running scheduler with aqi_pipeline
unpaused (after `make run`) queues the test run's task instances too and runs them with
*its* environment: the stack's topics, group and keyspace. Seen once: a test's classify
summary reported the 1,033 messages of the live topic instead of its own 40. A database
of the tests' own is one no scheduler watches.
"""

from __future__ import annotations

import psycopg2

from support.stack import PORTS, ROOT, admin, airflow

AIRFLOW_HOME = ROOT / "var" / "airflow"
META_DB = "aqi_dagtests_meta"


def overrides() -> dict[str, str]:
    """What a `dags test` environment sets to use the stack's Airflow files but this database."""
    url = f"postgresql+psycopg2://aqi@127.0.0.1:{PORTS['PG_PORT']}/{META_DB}"
    return {
        "AIRFLOW_HOME": str(AIRFLOW_HOME),
        "AIRFLOW_CONFIG": str(AIRFLOW_HOME / "airflow.cfg"),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": url,
    }


def create(env: dict[str, str]) -> None:
    assert (AIRFLOW_HOME / "airflow.cfg").exists(), "the local stack is not set up: make up"
    admin(f'DROP DATABASE IF EXISTS "{META_DB}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{META_DB}"')
    out = airflow(["db", "migrate"], {**env, **overrides()}, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]


def drop() -> None:
    admin(f'DROP DATABASE IF EXISTS "{META_DB}" WITH (FORCE)')


def runs_at(database: str, logical_dates: list) -> int:
    """How many aqi_pipeline runs of `database` have one of these logical dates."""
    url = f"postgresql://aqi@127.0.0.1:{PORTS['PG_PORT']}/{database}"
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM dag_run WHERE dag_id = 'aqi_pipeline' AND logical_date = ANY(%s)", (logical_dates,))
        return cur.fetchone()[0]
