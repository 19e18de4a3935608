"""
`make run`'s conversation with Airflow's REST API (stdlib only, so it starts instantly):
wait until the DAG is registered, trigger a run with parameters, follow it, and print the
run's report. The login comes from the local stack's generated passwords file.

    python -m aqi_runtime.airflow_rest wait-dag DAG TIMEOUT_S
    python -m aqi_runtime.airflow_rest trigger DAG RUN_ID CONF_JSON
    python -m aqi_runtime.airflow_rest wait-run DAG RUN_ID TIMEOUT_S
    python -m aqi_runtime.airflow_rest report DAG RUN_ID

Environment: AQI_AIRFLOW_API (http://127.0.0.1:18080), AQI_AIRFLOW_PASSWORDS (the
simple auth manager's passwords.json), AQI_AIRFLOW_USER (admin).
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

from aqi_runtime.run_summary import format_report, format_states

FINISHED = {"success", "failed"}


class Api:
    def __init__(self, base: str, user: str, password: str) -> None:
        self.base = base.rstrip("/")
        self._login = {"username": user, "password": password}
        self._token: str | None = None

    def _send(self, method: str, path: str, body: object | None = None, auth: bool = True):
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if auth:
            headers["Authorization"] = f"Bearer {self._token or self._new_token()}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def _new_token(self) -> str:
        self._token = self._send("POST", "/auth/token", self._login, auth=False)["access_token"]
        return self._token

    def get(self, path: str):
        return self._send("GET", path)

    def post(self, path: str, body: object):
        return self._send("POST", path, body)


def _q(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def wait_dag(api: Api, dag_id: str, timeout_s: float) -> int:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            api.get(f"/api/v2/dags/{_q(dag_id)}")
            return 0
        except urllib.error.HTTPError as err:
            if err.code != 404:
                raise
        errors = api.get("/api/v2/importErrors").get("import_errors", [])
        for error in errors:
            print(f"import error in {error.get('filename')}:\n{error.get('stack_trace')}", file=sys.stderr)
        if errors:
            return 1
        time.sleep(3)
    print(f"{dag_id} was not registered within {timeout_s:.0f}s (is the dag-processor up? make status)", file=sys.stderr)
    return 1


def latest_hour(now: datetime) -> tuple[datetime, datetime]:
    end = now.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0)
    return end - timedelta(hours=1), end


def trigger(api: Api, dag_id: str, run_id: str, conf: dict, now: datetime | None = None) -> int:
    """
    The run takes the latest complete hour as its logical date when no run has it yet, so
    that unpausing right after does not queue a second, scheduled run of the same hour
    (the scheduler skips a logical date that already has a run).
    """
    start, end = latest_hour(now or datetime.now(timezone.utc))
    as_interval = {"logical_date": start.isoformat(), "data_interval_start": start.isoformat(), "data_interval_end": end.isoformat()}
    path = f"/api/v2/dags/{_q(dag_id)}/dagRuns"
    for dates in (as_interval, {"logical_date": None}):
        try:
            run = api.post(path, {"dag_run_id": run_id, "conf": conf, **dates})
            print(f"triggered {run['dag_run_id']} (state {run['state']})", file=sys.stderr)
            return 0
        except urllib.error.HTTPError as err:
            detail = err.read().decode(errors="replace")
            if err.code != 409:
                # 400: the parameters broke the DAG's param schema; the detail says which.
                print(f"trigger refused ({err.code}): {detail}", file=sys.stderr)
                return 1
    print(f"trigger refused: {detail}", file=sys.stderr)
    return 1


def wait_run(api: Api, dag_id: str, run_id: str, timeout_s: float) -> int:
    deadline = time.monotonic() + timeout_s
    last = ""
    path = f"/api/v2/dags/{_q(dag_id)}/dagRuns/{_q(run_id)}"
    while True:
        state = api.get(path)["state"]
        tasks = api.get(f"{path}/taskInstances").get("task_instances", [])
        line = format_states(tasks)
        if line != last:
            print(f"  [{time.strftime('%H:%M:%S')}] run {state}: {line}", file=sys.stderr)
            last = line
        if state in FINISHED:
            return 0 if state == "success" else 1
        if time.monotonic() > deadline:
            print(f"run {run_id} still {state} after {timeout_s:.0f}s; it goes on in Airflow", file=sys.stderr)
            return 2
        time.sleep(5)


def report(api: Api, dag_id: str, run_id: str) -> int:
    path = f"/api/v2/dags/{_q(dag_id)}/dagRuns/{_q(run_id)}"
    run = api.get(path)
    try:
        value = api.get(f"{path}/taskInstances/report/xcomEntries/return_value")["value"]
    except urllib.error.HTTPError:
        value = None
    tasks = api.get(f"{path}/taskInstances").get("task_instances", [])
    print(format_report(run, value if isinstance(value, dict) else None, tasks))
    return 0


def main(argv: list[str]) -> int:
    base = os.environ.get("AQI_AIRFLOW_API", "http://127.0.0.1:18080")
    with open(os.environ.get("AQI_AIRFLOW_PASSWORDS", "var/airflow/passwords.json")) as f:
        user = os.environ.get("AQI_AIRFLOW_USER", "admin")
        api = Api(base, user, json.load(f)[user])
    command, *args = argv
    if command == "wait-dag":
        return wait_dag(api, args[0], float(args[1]))
    if command == "trigger":
        return trigger(api, args[0], args[1], json.loads(args[2]))
    if command == "wait-run":
        return wait_run(api, args[0], args[1], float(args[2]))
    if command == "report":
        return report(api, args[0], args[1])
    print(__doc__, file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
