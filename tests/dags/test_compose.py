"""
docker-compose.yml, its host-network override (docker/compose.host.yml), the socket proxy's
allow-list and docker/Dockerfile, checked without an engine: structure and policy from the
parsed files, plus `docker-compose config` of both variants whenever a compose binary is
installed (Debian's docker-compose, or the compose plugin). tests/compose/ starts the stack.
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
HOST = yaml.safe_load((REPO_ROOT / "docker" / "compose.host.yml").read_text())
BRIDGE_PORTS: dict = yaml.safe_load((REPO_ROOT / "docker-compose.override.yml").read_text())["services"]
HAPROXY = (REPO_ROOT / "docker" / "services" / "docker-proxy" / "haproxy.cfg").read_text()
# What each variable image defaults to (the official image) and which variable selects it.
IMAGE_VARIABLE = re.compile(r"^\$\{(AQI_[A-Z_]*IMAGE):-([^}]+)\}$")
DOCKERFILE = (REPO_ROOT / "docker" / "Dockerfile").read_text()


def test_the_stack_has_every_component():
    assert {
        "postgres", "kafka", "registry", "kafka-ui", "cassandra", "docker-socket-proxy", "tasks-image", "simulator", "dashboard",
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


def test_ports_are_published_by_the_bridge_variant_only_and_on_loopback():
    # docker-py refuses published ports on the host network: the base file has none.
    assert not [name for name, s in SERVICES.items() if "ports" in s]
    assert set(BRIDGE_PORTS) <= set(SERVICES) and {"postgres", "airflow-api-server", "dashboard"} <= set(BRIDGE_PORTS)
    for name, service in BRIDGE_PORTS.items():
        assert set(service) == {"ports"}, name
        for port in service["ports"]:
            assert str(port).startswith("127.0.0.1:"), f"{name}: {port}"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_images_are_pinned_and_selectable(name):
    image = SERVICES[name]["image"]
    chosen = IMAGE_VARIABLE.match(image)
    # kafka-ui alone has no local build: it stays the official image, in the "ui" profile.
    assert chosen or (name == "kafka-ui" and SERVICES[name]["profiles"] == ["ui"]), f"{name}: {image} is not a variable"
    default = chosen.group(2) if chosen else image
    assert re.search(r"(:v?[0-9][\w.-]*|@sha256:[0-9a-f]{64})$", default) and not default.endswith(":latest"), f"{name}: {default}"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_long_running_services_restart_and_have_a_memory_limit(name):
    one_shot = name in ("tasks-image", "airflow-init")
    assert SERVICES[name].get("restart") == ("no" if one_shot else "unless-stopped"), name
    assert re.fullmatch(r"\d+[mg]", str(SERVICES[name].get("mem_limit", ""))), name


def test_the_data_lives_in_named_volumes():
    for service, volume in (("postgres", "postgres-data"), ("kafka", "kafka-data"), ("cassandra", "cassandra-data")):
        assert any(str(v).startswith(f"{volume}:") for v in SERVICES[service]["volumes"]), service
        assert volume in COMPOSE["volumes"]


def test_the_bridge_variant_names_its_network_and_no_service_pins_one():
    # A service's own `networks:` could not be combined with the override's network_mode: host.
    assert COMPOSE["networks"] == {"default": {"name": "aqi"}}
    assert not [name for name, s in SERVICES.items() if "networks" in s or "network_mode" in s]


def test_the_host_override_puts_every_service_on_the_host_network():
    assert set(HOST["services"]) == set(SERVICES)
    assert {s.get("network_mode") for s in HOST["services"].values()} == {"host"}
    assert "networks" not in HOST


def test_the_host_override_binds_loopback_on_the_stack_ports():
    text = (REPO_ROOT / "docker" / "compose.host.yml").read_text()
    assert "0.0.0.0" not in text
    for port in ("PG_PORT", "KAFKA_PORT", "REGISTRY_PORT", "CASSANDRA_PORT", "AIRFLOW_PORT", "DASHBOARD_PORT", "SIMULATOR_PORT", "DOCKER_PROXY_PORT"):
        assert f"${{{port}}}" in text, port
    stack_env = (REPO_ROOT / "stack" / "stack.env").read_text()
    assert all(re.search(rf"^{p}=\d+$", stack_env, re.MULTILINE) for p in ("DOCKER_PROXY_PORT", "AIRFLOW_LOG_SERVER_PORT", "AIRFLOW_SCHEDULER_HEALTH_PORT"))


def test_only_the_socket_proxy_sees_the_docker_socket():
    for name, service in SERVICES.items():
        mounts = [str(v) for v in service.get("volumes", [])]
        if name == "docker-socket-proxy":
            assert mounts == ["${AQI_DOCKER_SOCKET:-/var/run/docker.sock}:/var/run/docker.sock:ro"]
        else:
            assert not any("docker.sock" in m for m in mounts), name


def test_the_proxy_allows_only_what_docker_operator_needs():
    env = {k: str(v) for k, v in SERVICES["docker-socket-proxy"]["environment"].items()}
    assert {k for k, v in env.items() if v == "1"} == {"CONTAINERS", "IMAGES", "POST", "ALLOW_START", "ALLOW_STOP", "PING", "VERSION"}


def test_the_local_proxy_allows_exactly_docker_operators_calls():
    rules = re.findall(r"^\s*http-request (allow|deny)(.*)$", HAPROXY, re.MULTILINE)
    allowed = sorted(rule.strip() for kind, rule in rules if kind == "allow")
    assert allowed == sorted([
        "if { method GET HEAD } ping", "if { method GET } images", "if { method GET } inspect",
        "if { method POST } create", "if { method POST } lifecycle", "if { method DELETE } container",
    ])
    assert rules[-1] == ("deny", " deny_status 403"), "everything not allowed is refused"
    lifecycle = re.search(r"acl lifecycle\s+path_reg (\S+)", HAPROXY).group(1)
    for call in ("attach", "start", "wait", "stop"):
        assert re.match(lifecycle, f"/v1.41/containers/abc123/{call}")
    for refused in ("/v1.41/containers/abc123/exec", "/v1.41/containers/abc123/archive", "/v1.41/images/create", "/v1.41/build"):
        assert not any(re.match(re.search(rf"acl {a}\s+path_reg (\S+)", HAPROXY).group(1), refused)
                       for a in ("ping", "images", "create", "lifecycle", "inspect", "container")), refused


def test_airflow_runs_the_pinned_tasks_image_through_the_proxy():
    env = SERVICES["airflow-scheduler"]["environment"]
    assert env["AQI_RUNNER"] == "docker"
    assert env["AQI_IMAGE"] == SERVICES["tasks-image"]["image"]
    assert env["AQI_DOCKER_URL"] == "tcp://docker-socket-proxy:2375"
    assert env["AQI_DOCKER_NETWORK"] == COMPOSE["networks"]["default"]["name"]
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


@pytest.mark.parametrize("variant", ["bridge", "host"])
def test_compose_files_are_accepted_by_docker_compose_when_installed(variant):
    binary = _compose_binary()
    if binary is None:
        # Without a compose binary the structural tests above are the whole check; this one
        # then verifies what can still be: the files are mappings with services and no tabs.
        assert isinstance(COMPOSE, dict) and isinstance(HOST, dict) and "\t" not in (REPO_ROOT / "docker-compose.yml").read_text()
        return
    files = ["-f", str(REPO_ROOT / "docker-compose.yml")]
    env = {"PATH": "/usr/bin:/bin:/usr/local/bin", "WAQI_TOKEN": ""}
    if variant == "bridge":
        # What `docker compose up` reads by itself when no -f is given.
        files += ["-f", str(REPO_ROOT / "docker-compose.override.yml")]
    else:
        files += ["-f", str(REPO_ROOT / "docker" / "compose.host.yml")]
        env |= {k: "1" for k in re.findall(r"\$\{([A-Z_]+)\}", (REPO_ROOT / "docker" / "compose.host.yml").read_text())}
    out = subprocess.run([*binary, *files, "config"], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    merged = yaml.safe_load(out.stdout)
    modes = {name: s.get("network_mode") for name, s in merged["services"].items()}
    assert set(modes.values()) == ({"host"} if variant == "host" else {None}), modes
    published = {name for name, s in merged["services"].items() if s.get("ports")}
    assert published == (set() if variant == "host" else set(BRIDGE_PORTS)), published
