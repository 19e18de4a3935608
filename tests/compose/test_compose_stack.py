"""
The compose stack for real: from no container to a green DAG run of the simulator through
docker-compose.yml + docker/compose.host.yml with the images `make images` builds here, a
service container crashing mid-run (Kafka during publish, Cassandra during classify) and the
run completing after Airflow's retry with nothing lost or duplicated, then `compose down`
leaving nothing running or listening.

It runs beside the local-process stack: a project of its own (AQI_COMPOSE_PROJECT) on ports
10,000 above stack/stack.env's, so `make test` needs no `make down` first.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "dags"))

from support import engine  # noqa: E402
from support.stack import PORTS, PROBE  # noqa: E402

PROJECT = f"aqi-test-{secrets.token_hex(3)}"
PORT_VARS = ("PG_PORT", "KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "REGISTRY_PORT", "REGISTRY_MGMT_PORT", "CASSANDRA_PORT",
             "CASSANDRA_STORAGE_PORT", "CASSANDRA_JMX_PORT", "AIRFLOW_PORT", "DASHBOARD_PORT", "SIMULATOR_PORT",
             "DOCKER_PROXY_PORT", "AIRFLOW_LOG_SERVER_PORT", "AIRFLOW_SCHEDULER_HEALTH_PORT")
SHIFTED = {var: str(int(PORTS[var]) + 10_000) for var in PORT_VARS}
ENV = {**os.environ, **SHIFTED, "AQI_COMPOSE_PROJECT": PROJECT, "AQI_SIM_STATIONS": "200"}
ENGINE = engine.engine_url()
PG = f"postgresql://aqi:aqi-local-only@127.0.0.1:{SHIFTED['PG_PORT']}/aqi"
PROBE_ENV = {**os.environ, "AQI_CASSANDRA_CONTACT_POINTS": f"127.0.0.1:{SHIFTED['CASSANDRA_PORT']}",
             "AQI_KAFKA_BROKERS": f"127.0.0.1:{SHIFTED['KAFKA_PORT']}"}


def compose_sh(*args: str, timeout: float = 2400, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(ROOT / "stack" / "compose.sh"), *args], env={**ENV, **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def docker(*args: str) -> str:
    out = engine.docker(*args, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def project_containers(all_states: bool = False) -> list[str]:
    return docker("ps", *(["-a"] if all_states else []), "-q", "--filter", f"label=com.docker.compose.project={PROJECT}").split()


def container(service: str) -> str:
    ids = docker("ps", "-q", "--filter", f"label=com.docker.compose.project={PROJECT}",
                 "--filter", f"label=com.docker.compose.service={service}").split()
    assert len(ids) == 1, f"{service}: {ids}"
    return ids[0]


def pg(sql: str) -> list[tuple]:
    with psycopg2.connect(PG) as conn, conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def cassandra_rows(table: str) -> list[str]:
    out = subprocess.run(["node", str(PROBE), "snapshot", "aqi", table], env=PROBE_ENV, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)[table]


def cassandra_count(table: str) -> int:
    return len(cassandra_rows(table))


def port_listening(port: str) -> bool:
    import socket
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", int(port))) == 0


@pytest.fixture(scope="module")
def stack():
    started = time.monotonic()
    up = compose_sh("up")
    (ROOT / "var" / "logs" / "compose-test-up.log").write_text(up.stdout + up.stderr)
    try:
        assert up.returncode == 0, (up.stdout + up.stderr)[-4000:]
        yield {"upSeconds": round(time.monotonic() - started), "status": up.stdout}
    finally:
        remove_step_containers()
        down = compose_sh("clean", timeout=600)
        assert down.returncode == 0, down.stderr[-2000:]


def test_every_service_is_healthy_on_the_host_network(stack):
    for service in ("postgres", "kafka", "registry", "cassandra", "docker-socket-proxy", "simulator", "dashboard",
                    "airflow-api-server", "airflow-scheduler", "airflow-dag-processor"):
        facts = json.loads(docker("inspect", container(service)))[0]
        assert facts["State"]["Health"]["Status"] == "healthy", service
        assert facts["HostConfig"]["NetworkMode"] == "host", service
        assert facts["Config"]["User"] not in ("", "0", "root", "0:0"), f"{service} runs as root"
    assert not [n for n in docker("network", "ls", "--format", "{{.Name}}").split() if n not in ("host", "none")], "a network was created"
    print(f"compose-up {stack['upSeconds']} s\n{stack['status']}")


def compose_run(conf: dict, log_name: str) -> str:
    run = compose_sh("run", timeout=1800, env={"AQI_RUN_CONF": json.dumps(conf)})
    text = run.stdout + run.stderr
    (ROOT / "var" / "logs" / f"compose-test-{log_name}.log").write_text(text)
    RUN_IDS.extend(re.findall(r"triggered (compose_run__\S+)", text))
    assert run.returncode == 0 and "SUCCESS" in text, text[-4000:]
    return text


# The runs' step containers that failed (a crash's first attempts) are kept for inspection
# by the Docker runner; the test removes them with the stack.
RUN_IDS: list[str] = []


def remove_step_containers() -> None:
    for run_id in RUN_IDS:
        engine.remove(engine.containers_labelled(f"aqi.run_id={run_id}"))


def lost_and_duplicated() -> dict[str, int]:
    """make chaos's counts: staged readings missing from Cassandra; Kafka messages and
    Cassandra rows beyond one per staged reading."""
    staged = {(sid, at.isoformat()) for sid, at in pg("SELECT station_id, observed_at FROM readings")}
    rows = [json.loads(r) for r in cassandra_rows("readings_by_station_day")]
    stored = {(int(r["station_id"]), datetime.fromisoformat(r["observed_at"].replace("Z", "+00:00")).isoformat()) for r in rows}
    messages = int(subprocess.run(["node", str(PROBE), "offsets", "aqi", "aqi.readings.v1"], env=PROBE_ENV,
                                  capture_output=True, text=True, timeout=120, check=True).stdout)
    return {"staged": len(staged), "lost": len(staged - stored),
            "duplicated": max(0, messages - len(staged)) + len(rows) - len(stored) + len(stored - staged)}


# Half of the simulated world each: the second half's readings are new to every step.
WEST, EAST = "-90,-180,90,-0.001", "-90,0,90,180"


def test_a_dag_run_through_the_compose_stack(stack):
    text = compose_run({"workers": 2, "bounds": WEST}, "run")
    staged = pg("SELECT count(*) FROM readings")[0][0]
    published = pg("SELECT count(*) FROM published_readings")[0][0]
    assert staged > 0 and published == staged
    assert re.search(r"classified\s+(\d+) written", text).group(1) == str(staged)
    assert cassandra_count("aqi_windows") > 0 and re.search(r"alerts\s+\d+ opened", text)
    assert lost_and_duplicated() == {"staged": staged, "lost": 0, "duplicated": 0}


def crash_when_step_starts(step: str, service: str) -> threading.Thread:
    """SIGKILL of the service's main process (a crash: its restart policy brings it back)
    as soon as a container of `step` starts."""
    def watch() -> None:
        events = subprocess.Popen(["docker", "events", "--filter", "event=start", "--filter", f"label=aqi.step={step}",
                                   "--format", "{{.ID}}"], env={**os.environ, "DOCKER_HOST": ENGINE}, stdout=subprocess.PIPE, text=True)
        try:
            events.stdout.readline()
            pid = int(docker("inspect", "-f", "{{.State.Pid}}", container(service)).strip())
            os.kill(pid, signal.SIGKILL)
            CRASHES[service] = time.monotonic()
        finally:
            events.terminate()
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


CRASHES: dict[str, float] = {}


def test_crashed_kafka_and_cassandra_mid_run_lose_nothing(stack):
    watchers = [crash_when_step_starts("publish", "kafka"), crash_when_step_starts("classify", "cassandra")]
    before = pg("SELECT count(*) FROM readings")[0][0]
    text = compose_run({"workers": 2, "bounds": EAST}, "crash-run")
    for w in watchers:
        w.join(timeout=5)
    assert set(CRASHES) == {"kafka", "cassandra"}, f"a fault was not injected: {CRASHES}"
    for service in ("kafka", "cassandra"):
        assert int(docker("inspect", "-f", "{{.RestartCount}}", container(service)).strip()) >= 1, f"{service} was not restarted"
    counts = lost_and_duplicated()
    assert counts["staged"] > before, "the second half of the world was staged"
    assert counts == {"staged": counts["staged"], "lost": 0, "duplicated": 0}
    print(f"crash run: {counts}; {text.splitlines()[-12:]}")


def test_compose_down_leaves_nothing_running_or_listening(stack):
    down = compose_sh("down", timeout=600)
    assert down.returncode == 0, down.stderr[-2000:]
    assert project_containers(all_states=True) == []
    assert not [v for v in ("PG_PORT", "KAFKA_PORT", "REGISTRY_PORT", "CASSANDRA_PORT", "AIRFLOW_PORT", "DASHBOARD_PORT",
                            "SIMULATOR_PORT", "DOCKER_PROXY_PORT") if port_listening(SHIFTED[v])]
    volumes = docker("volume", "ls", "-q", "--filter", f"label=com.docker.compose.project={PROJECT}").split()
    assert f"{PROJECT}_postgres-data" in volumes, "down keeps the data"
