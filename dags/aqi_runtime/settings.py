"""
Where the runners get their configuration. Non-secret settings of the `aqi` CLI come from
one Airflow variable, `aqi_config` (a JSON object of the CLI's environment names, see
tasks/config/sections.ts ENV_NAMES); secrets come from Airflow connections and reach the
step as environment of the local child, or as read-only files named by DockerOperator's
private_environment in a container; never argv, XCom or log.

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

# Containers share the host's network: every service of the local stack listens on
# 127.0.0.1 and the CLI's defaults already point there, so a container needs exactly the
# environment the local runner's child gets. No bridge, no private-range address.
HOST_NETWORK = "host"
DOCKER_NETWORK = HOST_NETWORK
# A user's engine at the usual socket, unless DOCKER_HOST or AQI_DOCKER_URL says otherwise;
# the stack's own engine (stack/services/docker.sh) is handed to Airflow as AQI_DOCKER_URL.
DOCKER_URL = "unix:///var/run/docker.sock"
# Above the CLI's own heap cap (NODE_OPTIONS in the image); a step beyond it is OOM-killed
# (exit 137), reported as such and retried like any other retryable failure.
DOCKER_MEM_LIMIT = "768m"
AUTO_REMOVE = ("success", "never", "force")

# Only on a network of its own (the compose stack, issue "containers (II)") do the
# containers need the services' names instead of the CLI's 127.0.0.1 defaults.
COMPOSE_DEFAULTS: dict[str, str] = {
    "AQI_KAFKA_BROKERS": "kafka:9092",
    "AQI_REGISTRY_URL": "http://registry:8080/apis/ccompat/v7",
    "AQI_CASSANDRA_CONTACT_POINTS": "cassandra:9042",
    "AQI_CASSANDRA_LOCAL_DC": "datacenter1",
}
# How the runner itself is configured: never passed on to a step.
RUNNER_KNOBS = frozenset({"AQI_RUNNER", "AQI_IMAGE", "AQI_CLI", "AQI_DOCKER_URL", "AQI_DOCKER_NETWORK", "AQI_DOCKER_MEM_LIMIT", "AQI_DOCKER_AUTO_REMOVE", "AQI_SECRETS_DIR"})
PASSED_PREFIXES = ("AQI_", "WAQI_")


def runner(env: dict[str, str] | os._Environ = os.environ) -> str:
    chosen = env.get("AQI_RUNNER", "local").strip().lower()
    if chosen not in RUNNERS:
        raise ValueError(f"AQI_RUNNER must be one of {RUNNERS}, not {chosen!r}")
    return chosen


def image(env: dict[str, str] | os._Environ = os.environ) -> str:
    return env.get("AQI_IMAGE", DEFAULT_IMAGE)


def docker_network(env: dict[str, str] | os._Environ = os.environ) -> str:
    return env.get("AQI_DOCKER_NETWORK") or DOCKER_NETWORK


def docker_url(env: dict[str, str] | os._Environ = os.environ) -> str:
    return env.get("AQI_DOCKER_URL") or env.get("DOCKER_HOST") or DOCKER_URL


def docker_mem_limit(env: dict[str, str] | os._Environ = os.environ) -> str:
    return env.get("AQI_DOCKER_MEM_LIMIT") or DOCKER_MEM_LIMIT


def docker_auto_remove(env: dict[str, str] | os._Environ = os.environ) -> str:
    """`success` (the default): a failed container is kept for `docker logs` / `docker inspect`."""
    chosen = (env.get("AQI_DOCKER_AUTO_REMOVE") or "success").strip().lower()
    if chosen not in AUTO_REMOVE:
        raise ValueError(f"AQI_DOCKER_AUTO_REMOVE must be one of {AUTO_REMOVE}, not {chosen!r}")
    return chosen


def secrets_dir(env: dict[str, str] | os._Environ = os.environ) -> str | None:
    """Where the Docker runner writes secret files: a path the engine can bind-mount (the
    system's temporary folder by default; a shared one where the worker is a container)."""
    return env.get("AQI_SECRETS_DIR") or None


def container_defaults(network: str) -> dict[str, str]:
    return {} if network == HOST_NETWORK else dict(COMPOSE_DEFAULTS)


def worker_step_environment(env: dict[str, str] | os._Environ = os.environ) -> dict[str, str]:
    """The worker's own AQI_*/WAQI_* settings that the local runner's child inherits, for a
    container: the same step sees the same settings under either runner. Secrets and the
    runner's own knobs stay behind (secrets travel as files, see secret_files.py)."""
    secret_like = SECRET_NAMES | {f"{name}_FILE" for name in SECRET_NAMES}
    return {
        key: value
        for key, value in env.items()
        if key.startswith(PASSED_PREFIXES) and key not in secret_like and key not in RUNNER_KNOBS
    }


def environment_secrets(env: dict[str, str] | os._Environ = os.environ) -> dict[str, str]:
    """Secrets set in the worker's environment: the local runner's child inherits them."""
    return {name: env[name] for name in SECRET_NAMES if env.get(name)}


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
