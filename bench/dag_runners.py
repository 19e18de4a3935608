"""
The whole DAG with each runner: `airflow dags test aqi_pipeline` (every task in this
process, as the DAG tests run it) once with AQI_RUNNER=local and once with
AQI_RUNNER=docker, on the same simulated hour of BENCH_STATIONS stations (default 1000),
each into a target of its own, in a metadata database no scheduler watches. Prints the
wall time of each run and of each task (from Airflow's own start and end dates), and the
Docker runner's extra time. Run by `make bench` (bench/run.sh) with the project's venv.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "dags"))

import psycopg2  # noqa: E402

from support import dags_test_meta  # noqa: E402
from support.engine import require_engine_and_image  # noqa: E402
from support.stack import PORTS, Simulator, airflow, failure_lines, new_target  # noqa: E402

STATIONS = int(os.environ.get("BENCH_STATIONS", "1000"))


def task_seconds(logical: datetime) -> dict[str, float]:
    """Each task's run time as Airflow recorded it (mapped tasks: the slowest worker)."""
    url = f"postgresql://aqi@127.0.0.1:{PORTS['PG_PORT']}/{dags_test_meta.META_DB}"
    sql = """SELECT ti.task_id, max(extract(epoch FROM ti.end_date - ti.start_date))
             FROM task_instance ti JOIN dag_run r ON r.run_id = ti.run_id AND r.dag_id = ti.dag_id
             WHERE r.dag_id = 'aqi_pipeline' AND r.logical_date = %s GROUP BY 1"""
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(sql, (logical,))
        return {task: round(float(seconds), 2) for task, seconds in cur.fetchall() if seconds is not None}


def main() -> None:
    engine = require_engine_and_image()
    dags_test_meta.create(dict(os.environ))
    now = datetime.now(timezone.utc).replace(microsecond=0)
    token = f"benchtoken{os.getpid()}"
    simulator = Simulator(token, stations=STATIONS, clock=now.replace(minute=0, second=30).isoformat())
    targets = []
    result: dict[str, dict] = {}
    try:
        for offset, runner in enumerate(("local", "docker")):
            target = new_target(f"aqi_dagbench_{runner}")
            target.token = token
            target.create()
            targets.append(target)
            env = {**target.airflow_env(simulator.url), **dags_test_meta.overrides(), "AQI_RUNNER": runner, "AQI_DOCKER_URL": engine}
            logical = now.replace(second=offset)
            started = time.monotonic()
            out = airflow(["dags", "test", "aqi_pipeline", logical.isoformat(), "-c", json.dumps({"workers": 2})], env)
            wall = round(time.monotonic() - started, 1)
            if out.returncode != 0:
                raise SystemExit(f"{runner} run failed:\n{failure_lines(out.stdout + out.stderr)}")
            tasks = task_seconds(logical)
            result[runner] = {"wallSec": wall, "stepsSec": round(sum(tasks.values()), 1), "taskSec": tasks}
    finally:
        simulator.close()
        for target in targets:
            target.drop()
        dags_test_meta.drop()
    print(json.dumps({
        "bench": "dag-runners", "stations": STATIONS, **result,
        "dockerExtraWallSec": round(result["docker"]["wallSec"] - result["local"]["wallSec"], 1),
    }))


if __name__ == "__main__":
    main()
