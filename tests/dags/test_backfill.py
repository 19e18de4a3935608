"""
`airflow backfill create` over three past hours reprocesses the raw layer and leaves
Cassandra exactly as the original runs left it.

The original runs: `airflow dags test` once per hour, each fetching from an `aqi simulate`
whose clock stands at the end of that hour (so each hour has readings of its own), with a
fetch grace long enough to count those hours as current. The backfill: a real scheduler
(a private Airflow, see support/private_airflow.py) with that same long grace (so the
hours still count as current) and no WAQI server behind WAQI_BASE_URL: fetch must say
"nothing to do" because the run is a backfill, not because the hour is old.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest

from support.private_airflow import PrivateAirflow
from support.stack import Simulator, failure_lines, free_port, new_target

DAG_ID = "aqi_pipeline"
NOW = datetime.now(timezone.utc)
HOUR = NOW.replace(minute=0, second=0, microsecond=0)
# Three complete hours, ending an hour before now so the scheduled run that unpausing
# creates (the latest hour) has no raw rows and cannot touch them.
STARTS = [HOUR - timedelta(hours=n) for n in (4, 3, 2)]


@pytest.fixture(scope="module")
def world():
    target = new_target("aqi_backfill")
    target.create()
    private = PrivateAirflow(target.name, target.airflow_env(f"http://127.0.0.1:{free_port()}", AQI_FETCH_GRACE_MINUTES="600"))
    try:
        private.start(target._admin)
        yield target, private
    finally:
        private.stop(target._admin)
        target.drop()


def original_run(target, private, start: datetime) -> None:
    sim = Simulator(target.token, stations=25, clock=(start + timedelta(minutes=59)).isoformat())
    try:
        env = {**private.env, **target.airflow_env(sim.url, AQI_FETCH_GRACE_MINUTES="600")}
        for key in ("AIRFLOW_HOME", "AIRFLOW_CONFIG"):
            env[key] = private.env[key]
        # Half past the next hour: the manual run's inferred interval is [start, start+1h),
        # and its logical date never collides with the backfill's (start itself).
        logical = (start + timedelta(minutes=90)).isoformat()
        from support.stack import airflow

        out = airflow(["dags", "test", DAG_ID, logical, "-c", json.dumps({"workers": 1})], env)
        assert out.returncode == 0 and "state=success" in out.stdout + out.stderr, failure_lines(out.stdout + out.stderr)
    finally:
        sim.close()


def test_backfill_of_three_hours_leaves_cassandra_identical(world):
    target, private = world
    for start in STARTS:
        original_run(target, private, start)
    readings_before = target.query("SELECT station_id, observed_at, interval_start, content_hash FROM readings ORDER BY 1, 2")
    per_interval = target.query("SELECT interval_start, count(*) FROM readings GROUP BY 1 ORDER BY 1")
    assert [row[0] for row in per_interval] == STARTS, "every original hour staged readings of its own"
    before = target.cassandra()
    assert len(before["readings_by_station_day"]) == len(readings_before) > 0
    published_before = target.topic_messages("readings")

    out = private.cli("dags", "unpause", DAG_ID)
    assert out.returncode == 0, out.stderr[-2000:]
    out = private.cli(
        "backfill", "create", "--dag-id", DAG_ID,
        "--from-date", STARTS[0].isoformat(), "--to-date", STARTS[-1].isoformat(), "--max-active-runs", "1",
    )
    assert out.returncode == 0, (out.stdout + out.stderr)[-3000:]

    deadline = time.monotonic() + 900
    while True:
        backfill_runs = [r for r in private.runs(DAG_ID) if r["run_id"].startswith("backfill__")]
        if len(backfill_runs) == 3 and all(r["state"] in ("success", "failed") for r in backfill_runs):
            break
        assert time.monotonic() < deadline, f"backfill unfinished: {backfill_runs}\n{private.log_tail()}"
        time.sleep(10)

    assert sorted(datetime.fromisoformat(r["logical_date"]) for r in backfill_runs) == STARTS
    for run in backfill_runs:
        states = private.task_states(DAG_ID, run["run_id"])
        assert run["state"] == "success", (run, states, private.log_tail())
        # fetch said "nothing to do" (WAQI serves only current readings); the rest reran.
        assert states["fetch"] == ["skipped"], states
        assert states["stage"] == states["publish"] == ["success"], states
        assert set(states["classify"]) == {"success"}, states

    assert target.query("SELECT station_id, observed_at, interval_start, content_hash FROM readings ORDER BY 1, 2") == readings_before
    # The backfill did replay: every reading of the three hours went through Kafka again...
    assert target.topic_messages("readings") == published_before + len(readings_before)
    # ...and Cassandra ends with the same rows, value for value.
    after = target.cassandra()
    assert after == before
