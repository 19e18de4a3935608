"""
Both runners proven equal: the whole DAG once with the local runner and once with the
Docker runner (every step a container of the tasks image), on the same simulated input (one
simulator with a fixed clock and one token) and the same data interval, each into a
target of its own. What each leaves must be the same: PostgreSQL rows, Kafka messages,
registry subjects, Cassandra rows (readings, windows, alerts) and the steps' summaries.
Only what names the run or measures it (ids, topic names, timings, memory) may differ.
"""

from __future__ import annotations

import ast
import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from support import dags_test_meta
from support.engine import require_engine_and_image
from support.stack import ROOT, Simulator, airflow, failure_lines, new_target

STEPS = ("fetch", "stage", "publish", "classify", "aggregate", "alerts")
CASSANDRA_TABLES = (
    "readings_by_station_day", "latest_by_station", "stations_by_country_hour", "aqi_windows",
    "aqi_window_shares", "alert_state", "alert_events", "alert_events_by_day", "alert_outbox",
)
# What a run writes about itself rather than about the air: when, by which run, how fast.
VOLATILE = re.compile(r"(_at|At|_id|Id|Ms|MiB|Sec|[Tt]opic|[Gg]roup|run|Run|snapshot|partitions|statements|Statements)$")
RETURNED = re.compile(r"Done\. Returned value was: (\{'interval'.*\}) \[airflow")


def stable(value):
    """`value` without the keys that name or time the run (recursively)."""
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if not VOLATILE.search(k)}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


def stable_rows(rows: list[str]) -> list[dict]:
    return sorted((stable(json.loads(r)) for r in rows), key=lambda r: json.dumps(r, sort_keys=True))


@pytest.fixture(scope="module")
def runs(dags_test_env):
    engine = require_engine_and_image()
    now = datetime.now(timezone.utc).replace(microsecond=0)
    # Mid-hour, so that both runs' logical dates fall in the same hour: the same data interval.
    if now.minute == 59:
        now += timedelta(minutes=1)
    local, docker = new_target("aqi_eqlocal"), new_target("aqi_eqdocker")
    docker.token = local.token
    simulator = Simulator(local.token, stations=40, clock=now.replace(minute=0, second=30).isoformat())
    done = {}
    try:
        for runner, target, offset in (("local", local, 0), ("docker", docker, 1)):
            target.create()
            env = {
                **target.airflow_env(simulator.url), **dags_test_env, "AQI_RUNNER": runner, "AQI_DOCKER_URL": engine,
            }
            logical = (now + timedelta(seconds=offset)).isoformat()
            out = airflow(["dags", "test", "aqi_pipeline", logical, "-c", json.dumps({"workers": 2})], env)
            text = out.stdout + out.stderr
            (ROOT / "var" / "logs" / f"dags-e2e-{runner}-last-run.log").write_text(text)
            assert out.returncode == 0, f"{runner}: {failure_lines(text)}"
            reports = RETURNED.findall(text)
            assert reports, f"{runner}: no report"
            done[runner] = (target, text, ast.literal_eval(reports[-1]), logical)
        yield done
    finally:
        simulator.close()
        local.drop()
        docker.drop()


def test_each_step_ran_where_its_runner_says(runs):
    for step in STEPS:
        assert re.search(rf"running node \S+cli\.js {step} ", runs["local"][1]), f"local {step}"
        assert re.search(rf"running aqi-tasks:0\.1\.0 {step} ", runs["docker"][1]), f"docker {step}"
    # The Docker run really ran containers: DockerOperator logs its container's lines.
    assert "docker_runner.AqiDockerOperator" in runs["docker"][1]
    assert "docker_runner" not in runs["local"][1]


def test_postgresql_holds_the_same_rows(runs):
    queries = {
        "readings": "SELECT station_id, observed_at, station_name, aqi, dominant_pollutant, pm25, pm10, o3, no2 FROM readings ORDER BY 1, 2",
        "raw": "SELECT http_status, count(*) FROM raw_responses GROUP BY 1 ORDER BY 1",
        "outcomes": "SELECT outcome, count(*) FROM stage_outcomes GROUP BY 1 ORDER BY 1",
        "published": "SELECT count(*) FROM published_readings",
    }
    (local, *_), (docker, *_) = runs["local"], runs["docker"]
    for name, sql in queries.items():
        assert docker.query(sql) == local.query(sql), name
    assert len(local.query(queries["readings"])) > 0


def test_kafka_and_the_registry_hold_the_same(runs):
    local, docker = runs["local"][0], runs["docker"][0]
    for kind in ("readings", "dlq", "alerts"):
        assert docker.topic_messages(kind) == local.topic_messages(kind), kind
    assert local.topic_messages("readings") > 0
    assert docker.subjects() == local.subjects() and local.subjects()


def test_cassandra_holds_the_same_readings_windows_and_alerts(runs):
    local, docker = runs["local"][0].cassandra(*CASSANDRA_TABLES), runs["docker"][0].cassandra(*CASSANDRA_TABLES)
    for table in CASSANDRA_TABLES:
        assert stable_rows(docker[table]) == stable_rows(local[table]), table
    assert local["readings_by_station_day"] and local["aqi_windows"]


def test_the_summaries_agree(runs):
    # Each target's name (in its keyspace and topics) is the one thing they are meant to differ by.
    local, docker = (json.loads(json.dumps(runs[r][2]).replace(runs[r][0].name, "TARGET")) for r in ("local", "docker"))
    assert set(local) >= {"interval", *STEPS}
    assert local["fetch"]["requests"] > 0 and local["classify"]["written"] > 0
    assert stable(docker) == stable(local)


def test_no_scheduler_could_take_the_runs_tasks(runs, dags_test_env):
    # The live stack's scheduler runs the task instances of any unpaused DAG's run in its
    # database with its own environment; these runs must be rows of the tests' database only.
    logical_dates = [datetime.fromisoformat(runs[r][3]) for r in ("local", "docker")]
    assert dags_test_meta.runs_at(dags_test_meta.META_DB, logical_dates) == 2
    assert dags_test_meta.runs_at("airflow", logical_dates) == 0
