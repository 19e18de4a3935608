"""
An Airflow of the test's own: metadata in a fresh database of the stack's PostgreSQL, an
api-server (the tasks' execution API) on a free loopback port and a LocalExecutor
scheduler, all with the test target's environment. A backfill needs a scheduler, and
only a private one runs every task against the test's own database, keyspace and topics.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from support.stack import AIRFLOW, PORTS, ROOT, airflow, free_port


class PrivateAirflow:
    def __init__(self, name: str, target_env: dict[str, str]) -> None:
        self.name = name
        self.home = ROOT / "var" / "tmp" / name
        self.port = free_port()
        self.meta_db = f"{name}_meta"
        self.env = {
            **target_env,
            "AIRFLOW_HOME": str(self.home),
            "AIRFLOW_CONFIG": str(self.home / "airflow.cfg"),
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__PARALLELISM": "4",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{self.port}/execution/",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": self.meta_url.replace("postgresql://", "postgresql+psycopg2://", 1),
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(self.port),
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(16),
            "AIRFLOW__API__SECRET_KEY": secrets.token_hex(16),
            "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(self.home / "logs"),
        }
        self.processes: list[subprocess.Popen] = []

    @property
    def meta_url(self) -> str:
        """The metadata database, for tests that read what Airflow stored."""
        return f"postgresql://aqi@127.0.0.1:{PORTS['PG_PORT']}/{self.meta_db}"

    def start(self, admin) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        admin(f'CREATE DATABASE "{self.meta_db}"')
        out = airflow(["db", "migrate"], self.env, timeout=600)
        assert out.returncode == 0, out.stderr[-3000:]
        # fetch runs in the waqi_api pool; a scheduler never starts a task of a missing pool.
        out = airflow(["pools", "import", str(ROOT / "airflow" / "pools.json")], self.env)
        assert out.returncode == 0, out.stderr[-3000:]
        for role in ("api-server", "scheduler", "dag-processor"):
            log = open(self.home / f"{role}.log", "w")
            self.processes.append(subprocess.Popen([str(AIRFLOW), role], env=self.env, stdout=log, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/monitor/health", timeout=3)
                return
            except OSError:
                time.sleep(2)
        raise RuntimeError(f"private api-server did not answer: {(self.home / 'api-server.log').read_text()[-2000:]}")

    def cli(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return airflow(list(args), self.env, timeout=timeout)

    def runs(self, dag_id: str) -> list[dict]:
        out = self.cli("dags", "list-runs", dag_id, "-o", "json")
        assert out.returncode == 0, out.stderr[-2000:]
        return _json_rows(out.stdout)

    def task_states(self, dag_id: str, run_id: str) -> dict[str, list[str]]:
        out = self.cli("tasks", "states-for-dag-run", dag_id, run_id, "-o", "json")
        assert out.returncode == 0, out.stderr[-2000:]
        states: dict[str, list[str]] = {}
        for row in _json_rows(out.stdout):
            states.setdefault(row["task_id"], []).append(row["state"])
        return states

    def stop(self, admin) -> None:
        for p in self.processes:
            p.terminate()
        for p in self.processes:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        admin(f'DROP DATABASE IF EXISTS "{self.meta_db}" WITH (FORCE)')
        shutil.rmtree(self.home, ignore_errors=True)

    def log_tail(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-1500:]}" for p in sorted(Path(self.home).glob("*.log")))


def _json_rows(stdout: str) -> list[dict]:
    """The CLI's `-o json` table; warnings may be printed on stdout before it."""
    for line in reversed(stdout.splitlines()):
        if line.startswith("[{") or line.strip() == "[]":
            return json.loads(line)
    raise AssertionError(f"no JSON table in: {stdout[-1500:]}")
