"""
What the end-to-end DAG tests share: the running local stack (`make up`), an isolated
target per test (its own PostgreSQL database, Cassandra keyspace, Kafka topics, consumer
group), handed to Airflow the way production does (a connection and the `aqi_config`
variable, here as AIRFLOW_CONN_/AIRFLOW_VAR_ environment), a WAQI simulator that
requires a token, and the `airflow` CLI.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[3]
AIRFLOW = ROOT / "var" / "venv" / "bin" / "airflow"
PROBE = Path(__file__).with_name("stack_probe.js")
CLI = ROOT / "dist" / "tasks" / "cli.js"


def stack_ports() -> dict[str, str]:
    """Defaults from stack/stack.env, overridden by stack/stack.local.env, then the environment
    (the same order as stack/lib.sh), so the tests reach the ports the stack really uses."""
    ports = {}
    for name in ("stack.env", "stack.local.env"):
        path = ROOT / "stack" / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                ports[key.strip()] = value.strip()
    return {key: os.environ.get(key, value) for key, value in ports.items()}


PORTS = stack_ports()
PG_ADMIN = f"postgresql://aqi@127.0.0.1:{PORTS['PG_PORT']}/postgres"


def admin(statement: str) -> None:
    """One statement on the stack's `postgres` database, outside any transaction."""
    # CREATE/DROP DATABASE refuse to run inside a transaction: autocommit, no `with`.
    conn = psycopg2.connect(PG_ADMIN)
    try:
        conn.autocommit = True
        conn.cursor().execute(statement)
    finally:
        conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Target:
    name: str
    token: str = field(default_factory=lambda: "tok" + secrets.token_hex(12))

    @property
    def database(self) -> str:
        return self.name

    @property
    def pg_url(self) -> str:
        return f"postgresql://aqi@127.0.0.1:{PORTS['PG_PORT']}/{self.database}"

    @property
    def topics(self) -> dict[str, str]:
        return {"AQI_TOPIC_READINGS": f"{self.name}.readings", "AQI_TOPIC_DLQ": f"{self.name}.dlq", "AQI_TOPIC_ALERTS": f"{self.name}.alerts"}

    def config(self, **extra: str) -> dict[str, str]:
        return {"AQI_CASSANDRA_KEYSPACE": self.name, "AQI_WAQI_RATE_PER_MINUTE": "0", "AQI_LOG_LEVEL": "info", **self.topics, **extra}

    def airflow_env(self, simulator_url: str, **extra: str) -> dict[str, str]:
        """Environment of an `airflow` process whose tasks all write to this target."""
        return {
            **os.environ,
            "AIRFLOW_CONN_AQI_POSTGRES": self.pg_url.replace("postgresql://", "postgres://"),
            "AIRFLOW_CONN_WAQI_DEFAULT": json.dumps({"conn_type": "http", "password": self.token}),
            "AIRFLOW_VAR_AQI_CONFIG": json.dumps(self.config(WAQI_BASE_URL=simulator_url, **extra)),
            "AIRFLOW_VAR_AQI_CLASSIFY_GROUP": f"{self.name}-classify",
            "AQI_RUNNER": "local",
        }

    def _admin(self, statement: str) -> None:
        admin(statement)

    def create(self) -> None:
        self._admin(f'CREATE DATABASE "{self.database}"')

    def drop(self) -> None:
        subprocess.run(["node", str(PROBE), "drop", self.name, *self.topics.values()], check=False, timeout=120)
        self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def query(self, sql: str, *args) -> list[tuple]:
        with psycopg2.connect(self.pg_url) as conn, conn.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchall()

    def topic_messages(self, kind: str) -> int:
        topic = self.topics[f"AQI_TOPIC_{kind.upper()}"]
        out = subprocess.run(["node", str(PROBE), "offsets", self.name, topic], capture_output=True, text=True, timeout=120, check=True)
        return int(out.stdout)

    def cassandra(self, *tables: str) -> dict[str, list[str]]:
        out = subprocess.run(["node", str(PROBE), "snapshot", self.name, *tables], capture_output=True, text=True, timeout=120, check=True)
        return json.loads(out.stdout)


    def subjects(self) -> list[str]:
        """The registry's subjects of this target's topics, without the target's prefix."""
        url = f"http://127.0.0.1:{PORTS['REGISTRY_PORT']}/apis/ccompat/v7/subjects"
        with urllib.request.urlopen(url, timeout=30) as answer:
            every = json.load(answer)
        return sorted(s.removeprefix(self.name) for s in every if s.startswith(f"{self.name}."))


def new_target(prefix: str) -> Target:
    return Target(f"{prefix}_{int(time.time()):x}_{secrets.token_hex(3)}")


class Simulator:
    """`aqi simulate` on a free loopback port, requiring the target's token."""

    def __init__(self, token: str, stations: int, clock: str | None = None) -> None:
        self.port = free_port()
        args = ["node", str(CLI), "simulate", "--port", str(self.port), "--stations", str(stations), "--token", token]
        self.process = subprocess.Popen([*args, *(["--clock", clock] if clock else [])], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.close()
        raise RuntimeError("aqi simulate did not start")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def airflow(args: list[str], env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([str(AIRFLOW), *args], env=env, capture_output=True, text=True, timeout=timeout)


def failure_lines(text: str) -> str:
    """What a failed `airflow dags test` said about the failure, without its whole log."""
    keep = [line for line in text.splitlines() if re.search(r'exited \d+|"level":"error"|Task failed|Traceback|Error:', line)]
    return "\n".join(keep[-30:]) or text[-4000:]
