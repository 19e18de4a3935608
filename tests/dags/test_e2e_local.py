"""
End to end with the local runner: `airflow dags test` runs the whole DAG in one process
against the real PostgreSQL, Kafka, registry and Cassandra of `make up`, fetching from an
`aqi simulate` server that requires a token. Everything lands in a target of its own
(database, keyspace, topics, group), dropped afterwards.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone

import pytest

from support.stack import ROOT, Simulator, airflow, failure_lines, new_target

AIRFLOW_HOME = ROOT / "var" / "airflow"


@pytest.fixture(scope="module")
def target():
    assert (AIRFLOW_HOME / "airflow.cfg").exists(), "the local stack is not set up: make up"
    t = new_target("aqi_dagtest")
    t.create()
    yield t
    t.drop()


@pytest.fixture(scope="module")
def simulator(target):
    sim = Simulator(target.token, stations=30)
    yield sim
    sim.close()


@pytest.fixture(scope="module")
def first_run(target, simulator, dags_test_env):
    env = {**target.airflow_env(simulator.url), **dags_test_env}
    logical = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    out = airflow(["dags", "test", "aqi_pipeline", logical, "-c", json.dumps({"workers": 2})], env)
    # Kept for a look after a failure: the whole run's log, task logs included.
    log = ROOT / "var" / "logs" / "dags-e2e-last-run.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(out.stdout + out.stderr)
    return out, env


def test_the_run_succeeds_and_every_step_ran(first_run):
    out, _ = first_run
    text = out.stdout + out.stderr
    assert out.returncode == 0, failure_lines(text)
    assert re.search(r"DagRun Finished: dag_id=aqi_pipeline, .*state=success", text), text[-4000:]
    for step in ("fetch", "stage", "publish", "classify", "aggregate", "alerts"):
        assert re.search(rf"running node \S+cli\.js {step} ", text), f"{step} did not run"


def test_cassandra_holds_exactly_the_staged_readings(target, first_run):
    readings = target.query("SELECT station_id, observed_at FROM readings")
    assert len(readings) > 0
    cassandra = target.cassandra()
    assert len(cassandra["readings_by_station_day"]) == len(readings)
    assert len(cassandra["latest_by_station"]) == len({station for station, _ in readings})
    rows = [json.loads(r) for r in cassandra["readings_by_station_day"]]
    in_pg = {(s, o.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")) for s, o in readings}
    in_cassandra = {(r["station_id"], r["observed_at"][:19]) for r in rows}
    assert in_cassandra == in_pg
    assert all(r["category"] for r in rows if r["aqi"] is not None)


def test_every_raw_response_is_accounted_for(target, first_run):
    raw = target.query("SELECT count(*) FROM raw_responses")[0][0]
    outcomes = target.query("SELECT count(*) FROM stage_outcomes")[0][0]
    assert raw > 0 and outcomes == raw


def test_the_token_reaches_no_log_row_or_summary(target, first_run):
    out, _ = first_run
    assert target.token not in out.stdout + out.stderr
    stored = target.query(
        "SELECT count(*) FROM raw_responses WHERE request_target LIKE %s OR coalesce(body::text, '') LIKE %s OR coalesce(error, '') LIKE %s",
        *([f"%{target.token}%"] * 3),
    )[0][0]
    assert stored == 0
    assert target.query("SELECT count(*) FROM raw_responses WHERE http_status = 200")[0][0] > 0, "the simulator refused the token"


def test_a_second_run_of_the_same_interval_changes_nothing_in_cassandra(target, first_run):
    _, env = first_run
    before = target.cassandra()
    logical = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    out = airflow(["dags", "test", "aqi_pipeline", logical, "-c", json.dumps({"workers": 1, "replay": True})], env)
    assert out.returncode == 0, failure_lines(out.stdout + out.stderr)
    after = target.cassandra()
    # The same hour: the simulator serves the same readings, stage upserts, replay rewrites.
    assert after["readings_by_station_day"] == before["readings_by_station_day"]
    assert after["latest_by_station"] == before["latest_by_station"]


def test_a_misspelled_param_fails_the_run_at_plan_before_any_request(target, first_run):
    _, env = first_run
    raw = target.query("SELECT count(*) FROM raw_responses")[0][0]
    logical = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    out = airflow(["dags", "test", "aqi_pipeline", logical, "-c", json.dumps({"statoins": ["1451"]})], env)
    text = out.stdout + out.stderr
    assert re.search(r"DagRun Finished: dag_id=aqi_pipeline, .*state=failed", text), text[-4000:]
    assert "unknown parameter 'statoins' (did you mean 'stations'?)" in text
    # Failed once, not retried: the conf cannot get better by waiting.
    assert not re.search(r"running node \S+cli\.js fetch ", text)
    assert target.query("SELECT count(*) FROM raw_responses")[0][0] == raw
