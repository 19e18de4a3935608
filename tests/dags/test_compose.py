"""
docker-compose.yml and docker/Dockerfile checked as far as a machine without a Docker
engine allows: structure and policy from the parsed files, plus `docker-compose config`
whenever a compose binary is installed (Debian's docker-compose, or the compose plugin).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from conftest import REPO_ROOT

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SERVICES: dict = COMPOSE["services"]
DOCKERFILE = (REPO_ROOT / "docker" / "Dockerfile").read_text()


def test_the_stack_has_every_component():
    assert {
        "postgres", "kafka", "registry", "kafka-ui", "cassandra", "docker-socket-proxy", "tasks-image",
        "airflow-api-server", "airflow-scheduler", "airflow-dag-processor",
    } <= set(SERVICES)


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_has_a_healthcheck(name):
    check = SERVICES[name].get("healthcheck", {})
    assert check.get("test") and check.get("test") != ["NONE"], name


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_depends_on_uses_conditions(name):
    deps = SERVICES[name].get("depends_on", {})
    assert isinstance(deps, dict), f"{name}: depends_on must be a mapping with conditions"
    for dep, spec in deps.items():
        assert dep in SERVICES, f"{name} depends on unknown {dep}"
        assert spec.get("condition") in ("service_healthy", "service_completed_successfully"), f"{name} -> {dep}"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_ports_are_published_on_loopback_only(name):
    for port in SERVICES[name].get("ports", []):
        assert str(port).startswith("127.0.0.1:"), f"{name}: {port}"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_images_are_pinned(name):
    image = SERVICES[name]["image"]
    assert re.search(r"(:v?[0-9][\w.-]*|@sha256:[0-9a-f]{64})$", image) and not image.endswith(":latest"), f"{name}: {image}"


def test_only_the_socket_proxy_sees_the_docker_socket():
    for name, service in SERVICES.items():
        mounts = [str(v) for v in service.get("volumes", [])]
        if name == "docker-socket-proxy":
            assert mounts == ["/var/run/docker.sock:/var/run/docker.sock:ro"]
        else:
            assert not any("docker.sock" in m for m in mounts), name


def test_the_proxy_allows_only_what_docker_operator_needs():
    env = {k: str(v) for k, v in SERVICES["docker-socket-proxy"]["environment"].items()}
    assert {k for k, v in env.items() if v == "1"} == {"CONTAINERS", "IMAGES", "POST", "ALLOW_START", "ALLOW_STOP", "PING", "VERSION"}


def test_airflow_runs_the_pinned_tasks_image_through_the_proxy():
    env = SERVICES["airflow-scheduler"]["environment"]
    assert env["AQI_RUNNER"] == "docker"
    assert env["AQI_IMAGE"] == SERVICES["tasks-image"]["image"]
    assert env["AQI_DOCKER_URL"] == "tcp://docker-socket-proxy:2375"
    assert env["AQI_DOCKER_NETWORK"] == COMPOSE["networks"]["aqi"]["name"]
    assert "${WAQI_TOKEN" in env["AIRFLOW_CONN_WAQI_DEFAULT"], "the token comes from the environment, never the file"


def test_the_image_is_multi_stage_small_and_non_root():
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\w+))?", DOCKERFILE, re.MULTILINE)
    assert [name for _, name in stages] == ["build", "deps", "runtime"]
    assert "npm ci --ignore-scripts" in DOCKERFILE and "npx tsc -p docker/tsconfig.image.json" in DOCKERFILE
    assert "npm ci --omit=dev" in DOCKERFILE
    runtime = DOCKERFILE.split("AS runtime", 1)[1]
    assert "COPY --chown=root:root schemas ./schemas" in runtime
    assert re.search(r"^USER 1000:1000$", runtime, re.MULTILINE)
    assert 'ENTRYPOINT ["node", "/app/dist/tasks/cli.js"]' in runtime
    assert "/src/tasks" not in runtime and "node_modules ./node_modules" in runtime


def _compose_binary() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    return None


def test_compose_file_is_accepted_by_docker_compose_when_installed():
    binary = _compose_binary()
    if binary is None:
        # Without a compose binary the structural tests above are the whole check; this one
        # then verifies what can still be: the file is a mapping with services and no tabs.
        assert isinstance(COMPOSE, dict) and "\t" not in (REPO_ROOT / "docker-compose.yml").read_text()
        return
    out = subprocess.run([*binary, "-f", str(REPO_ROOT / "docker-compose.yml"), "config", "--quiet"],
                         capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin:/usr/local/bin", "WAQI_TOKEN": ""})
    assert out.returncode == 0, out.stderr
