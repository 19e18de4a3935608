"""
Where the runners get their configuration. Non-secret settings of the `aqi` CLI come from
one Airflow variable, `aqi_config` (a JSON object of the CLI's environment names, see
tasks/config/sections.ts ENV_NAMES); secrets come from Airflow connections and reach the
step only as environment (DockerOperator's private_environment), never argv, XCom or log.

Only `runner()` and `image()` are read while the DAG file is parsed: they decide which
operator class is built, and reading two environment variables is not I/O.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

RUNNERS = ("local", "docker")
CONFIG_VARIABLE = "aqi_config"
WAQI_CONN_ID = "waqi_default"
POSTGRES_CONN_ID = "aqi_postgres"
SECRET_NAMES = frozenset({"WAQI_TOKEN", "AQI_PG_URL"})
REPO_ROOT = Path(__file__).resolve().parents[2]

# Pinned: the tag built by docker/Dockerfile for package.json's version; deployments pin
# a digest (aqi-tasks@sha256:...) through AQI_IMAGE.
DEFAULT_IMAGE = "aqi-tasks:0.1.0"

# How the containers reach the services of docker-compose.yml, by service name.
DOCKER_DEFAULTS: dict[str, str] = {
    "AQI_KAFKA_BROKERS": "kafka:9092",
    "AQI_REGISTRY_URL": "http://registry:8080/apis/ccompat/v7",
    "AQI_CASSANDRA_CONTACT_POINTS": "cassandra:9042",
    "AQI_CASSANDRA_LOCAL_DC": "datacenter1",
    "WAQI_BASE_URL": "https://api.waqi.info",
}
DOCKER_NETWORK = "aqi"
DOCKER_URL = "tcp://docker-socket-proxy:2375"


def runner(env: dict[str, str] | os._Environ = os.environ) -> str:
    chosen = env.get("AQI_RUNNER", "local").strip().lower()
    if chosen not in RUNNERS:
        raise ValueError(f"AQI_RUNNER must be one of {RUNNERS}, not {chosen!r}")
    return chosen


def image(env: dict[str, str] | os._Environ = os.environ) -> str:
    return env.get("AQI_IMAGE", DEFAULT_IMAGE)


def docker_network(env: dict[str, str] | os._Environ = os.environ) -> str:
    return env.get("AQI_DOCKER_NETWORK", DOCKER_NETWORK)


def docker_url(env: dict[str, str] | os._Environ = os.environ) -> str:
    return env.get("AQI_DOCKER_URL", DOCKER_URL)


def local_cli(override: str | None) -> list[str]:
    """The local runner's command: AQI_CLI (variable or environment) or this repo's build."""
    if override:
        return shlex.split(override)
    return ["node", str(REPO_ROOT / "dist" / "tasks" / "cli.js")]


def public_config(raw: object) -> dict[str, str]:
    """The `aqi_config` variable as environment; secrets in it are refused, not passed on."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise ValueError(f"variable {CONFIG_VARIABLE} must be a JSON object")
    misplaced = sorted(SECRET_NAMES & raw.keys())
    if misplaced:
        raise ValueError(
            f"variable {CONFIG_VARIABLE} holds {', '.join(misplaced)}: secrets belong in the "
            f"connections {WAQI_CONN_ID} / {POSTGRES_CONN_ID}"
        )
    return {str(k): str(v) for k, v in raw.items()}


def read_public_config() -> dict[str, str]:
    from airflow.sdk import Variable

    return public_config(Variable.get(CONFIG_VARIABLE, default=None, deserialize_json=True))


def read_secrets() -> dict[str, str]:
    """WAQI_TOKEN from the connection's password, AQI_PG_URL from its URI, when defined."""
    from airflow.sdk import Connection
    from airflow.sdk.exceptions import AirflowNotFoundException
    from airflow.sdk.log import mask_secret

    secrets: dict[str, str] = {}
    try:
        token = Connection.get(WAQI_CONN_ID).password
        if token:
            secrets["WAQI_TOKEN"] = token
    except AirflowNotFoundException:
        pass
    try:
        pg = Connection.get(POSTGRES_CONN_ID)
        secrets["AQI_PG_URL"] = pg.get_uri().replace("postgres://", "postgresql://", 1)
    except AirflowNotFoundException:
        pass
    for name, value in secrets.items():
        mask_secret(value, name=name)
    return secrets


def read_cli_override() -> str | None:
    from airflow.sdk import Variable

    return Variable.get("AQI_CLI", default=None) or os.environ.get("AQI_CLI")
