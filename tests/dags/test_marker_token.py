"""
The marker-token run through Airflow itself. A private Airflow (scheduler, LocalExecutor,
the task supervisor writing log files, XCom pushed through the execution API) runs the
DAG's scheduled hour with a marker WAQI token in the `waqi_default` connection, at debug
log level, against a simulator that answers only that token. Afterwards the token must be
in no XCom row of the run, no rendered field, no run conf, no row of any other table of
Airflow's metadata database, no file of that Airflow (task logs, process logs) and no row
of the target database. The run must have succeeded with staged readings, which the
simulator gives only for the right token, so no check can pass on an empty run.

The whole check runs once per runner. With the Docker runner every container is kept
(AQI_DOCKER_AUTO_REMOVE=never) so that `docker inspect` of each, their logs and the image's
history can be searched too.

tests/integration/security/marker-token.test.ts checks the steps' own output, Kafka and
Cassandra the same way.
"""

from __future__ import annotations

import json
import secrets
import time

import psycopg2
import pytest

from support.engine import IMAGE, containers_labelled, docker, inspect, remove, require_engine_and_image
from support.leaks import folder_files, leaked_forms, table_rows
from support.private_airflow import PrivateAirflow
from support.stack import Simulator, new_target

DAG_ID = "aqi_pipeline"
STEP_TASKS = ("fetch", "stage", "publish", "classify", "aggregate", "alerts")


def meta_query(private: PrivateAirflow, sql: str, *args) -> list[tuple]:
    with psycopg2.connect(private.meta_url) as conn, conn.cursor() as cur:
        cur.execute(sql, args)
        return cur.fetchall()


def wait_for(what: str, probe, private: PrivateAirflow, timeout_s: float = 900):
    deadline = time.monotonic() + timeout_s
    while (found := probe()) is None:
        assert time.monotonic() < deadline, f"timed out waiting for {what}\n{private.log_tail()}"
        time.sleep(5)
    return found


def finished_run(private: PrivateAirflow) -> tuple[str, str] | None:
    rows = meta_query(private, "SELECT run_id, state FROM dag_run WHERE dag_id = %s ORDER BY id LIMIT 1", DAG_ID)
    return rows[0] if rows and rows[0][1] in ("success", "failed") else None


@pytest.fixture(scope="module", params=["local", "docker"])
def marked_run(request):
    runner = request.param
    target = new_target(f"aqi_marker_{runner}")
    # Recognisable in any text, and unique to this run.
    target.token = f"MARKERTOKEN-{secrets.token_hex(12)}"
    target.create()
    simulator = Simulator(target.token, stations=20)
    env = target.airflow_env(simulator.url, AQI_LOG_LEVEL="debug", AQI_FETCH_TILE_DEGREES="90")
    if runner == "docker":
        env |= {"AQI_RUNNER": "docker", "AQI_DOCKER_URL": require_engine_and_image(), "AQI_DOCKER_AUTO_REMOVE": "never"}
    private = PrivateAirflow(target.name, env)
    run_id = None
    try:
        private.start(target._admin)
        # A DAG the metadata database does not know yet cannot be unpaused.
        wait_for("the first parse of the DAG", lambda: meta_query(private, "SELECT 1 FROM dag WHERE dag_id = %s", DAG_ID) or None, private)
        out = private.cli("dags", "unpause", DAG_ID)
        assert out.returncode == 0, out.stderr[-2000:]
        # With catchup off, unpausing schedules the hour that just ended: fetch still counts it as current.
        run_id, state = wait_for("the scheduled run to finish", lambda: finished_run(private), private)
        yield target, private, run_id, state
    finally:
        if run_id:
            remove(containers_labelled(f"aqi.run_id={run_id}"))
        private.stop(target._admin)
        simulator.close()
        target.drop()


def test_the_run_succeeded_with_the_token(marked_run):
    target, private, run_id, state = marked_run
    states = meta_query(private, "SELECT task_id, map_index, state FROM task_instance WHERE run_id = %s ORDER BY 1, 2", run_id)
    assert state == "success", (states, private.log_tail())
    # The simulator answers any other token with "Invalid key": readings prove this one was sent.
    assert target.query("SELECT count(*) FROM raw_responses WHERE http_status = 200")[0][0] > 0
    assert target.query("SELECT count(*) FROM readings")[0][0] > 0


def test_no_xcom_row_of_the_run_holds_the_token(marked_run):
    target, private, run_id, _ = marked_run
    rows = meta_query(private, "SELECT task_id, map_index, key, coalesce(value::text, '') FROM xcom WHERE dag_id = %s AND run_id = %s", DAG_ID, run_id)
    summaries = {(task, index): json.loads(value) for task, index, key, value in rows if key == "return_value"}
    # Every step pushed its summary; fetch's counts the requests the token was sent with.
    assert {task for task, _ in summaries} >= {"plan", *STEP_TASKS, "report"}
    assert summaries[("fetch", -1)]["requests"] > 0
    assert [(task, index, key) for task, index, key, value in rows if leaked_forms(value, target.token)] == []


def test_no_rendered_field_or_run_conf_holds_the_token(marked_run):
    target, private, run_id, _ = marked_run
    rendered = meta_query(private, "SELECT task_id, map_index, rendered_fields::text FROM rendered_task_instance_fields WHERE run_id = %s", run_id)
    assert {task for task, _, _ in rendered} >= set(STEP_TASKS)
    assert [(task, index) for task, index, fields in rendered if leaked_forms(fields, target.token)] == []
    conf = meta_query(private, "SELECT coalesce(conf::text, '') FROM dag_run WHERE run_id = %s", run_id)
    assert len(conf) == 1 and leaked_forms(conf[0][0], target.token) == []


def test_no_row_of_the_metadata_database_holds_the_token(marked_run):
    # Beyond the run's own rows: task instance history, the audit log, serialized DAGs, ...
    target, private, _, _ = marked_run
    tables = table_rows(private.meta_url)
    assert len(tables["public.task_instance"]) > 0
    assert {table: forms for table, rows in tables.items() if (forms := leaked_forms("\n".join(rows), target.token))} == {}


def test_no_log_file_holds_the_token(marked_run):
    target, private, run_id, _ = marked_run
    files = folder_files(private.home)
    task_logs = {path: text for path, text in files.items() if f"run_id={run_id}" in path.parts}
    # Each step's task log is on disk and shows the step running (classify once per worker).
    for step in STEP_TASKS:
        logs = [text for path, text in task_logs.items() if f"task_id={step}" in path.parts]
        ran = f"{IMAGE} {step} " if private.env["AQI_RUNNER"] == "docker" else f"cli.js {step} "
        assert logs and all(ran in text for text in logs), f"no task log of {step} with its command line"
    assert {str(path.relative_to(private.home)): forms for path, text in files.items() if (forms := leaked_forms(text, target.token))} == {}


def test_no_row_of_the_target_database_holds_the_token(marked_run):
    target, _, _, _ = marked_run
    tables = table_rows(target.pg_url)
    assert len(tables["public.raw_responses"]) > 0
    assert {table: forms for table, rows in tables.items() if (forms := leaked_forms("\n".join(rows), target.token))} == {}


def test_no_container_the_run_left_holds_the_token(marked_run):
    target, private, run_id, _ = marked_run
    containers = inspect(containers_labelled(f"aqi.run_id={run_id}"))
    if private.env["AQI_RUNNER"] == "local":
        assert containers == []  # the local runner starts none
        return
    # Every step ran as a container (classify once per worker), all kept for this check.
    assert {c["Config"]["Labels"]["aqi.task_id"] for c in containers} == set(STEP_TASKS)
    fetch = [c for c in containers if c["Config"]["Labels"]["aqi.task_id"] == "fetch"]
    assert "WAQI_TOKEN_FILE=/run/secrets/aqi/WAQI_TOKEN" in fetch[0]["Config"]["Env"]
    seen = {c["Name"]: json.dumps(c) + docker("logs", c["Id"]).stdout + docker("logs", c["Id"]).stderr for c in containers}
    assert {name: forms for name, text in seen.items() if (forms := leaked_forms(text, target.token))} == {}
    history = docker("history", "--no-trunc", IMAGE).stdout + docker("image", "inspect", IMAGE).stdout
    assert leaked_forms(history, target.token) == []
