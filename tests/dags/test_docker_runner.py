"""
What the Docker runner's operator asks of the engine, recorded by a stand-in for docker-py's
APIClient: the request itself (image, argv, network, environment, mounts, labels) and the
removal policy, for every exit code. tests/dags/test_docker_containers.py runs the same
operator against the real engine and the real image.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException

from aqi_runtime.docker_runner import AqiDockerOperator, exit_code_of
from conftest import load_dagbag
from support.log_lines import LineRecorder

TOKEN = "waqi-token-0123456789"
ARGV = ["fetch", "--interval-start", "2026-03-01T10:00:00+00:00", "--interval-end", "2026-03-01T11:00:00+00:00", "--run-id", "r1"]


class RecordingEngine:
    """Answers like the Docker Engine API for one container run and records the requests."""

    def __init__(self, exit_code: int, output: list[str], image_built: bool = True, oom: bool = False):
        self.exit_code = exit_code
        self.output = output
        self.image_built = image_built
        self.oom = oom
        self.calls: dict[str, dict] = {}
        self.secret_files: dict[str, str] = {}

    def images(self, name):
        return [{"Id": "sha256:feed"}] if self.image_built else []

    def inspect_container(self, container_id):
        return {"State": {"OOMKilled": self.oom, "ExitCode": self.exit_code}}

    def create_host_config(self, **kwargs):
        self.calls["host_config"] = kwargs
        return kwargs

    def create_container(self, **kwargs):
        self.calls["create_container"] = kwargs
        return {"Id": "c0ffee"}

    def attach(self, **kwargs):
        return iter([(line + "\n").encode() for line in self.output])

    def start(self, container_id):
        self.calls["start"] = {"id": container_id}
        # What the container would read: the mounted files exist only while it runs.
        for mount in self.calls["host_config"]["mounts"]:
            self.secret_files[mount["Target"]] = Path(mount["Source"]).read_text()

    def wait(self, container_id):
        return {"StatusCode": self.exit_code, "Error": None}

    def remove_container(self, container_id, **kwargs):
        self.calls["remove_container"] = {"id": container_id, **kwargs}


@pytest.fixture
def docker_pipeline(monkeypatch):
    monkeypatch.setenv("AQI_RUNNER", "docker")
    bag = load_dagbag()
    assert bag.import_errors == {}
    return bag.dags["aqi_pipeline"]


def test_the_docker_dag_uses_pinned_image_host_network_and_safe_defaults(docker_pipeline):
    fetch = docker_pipeline.get_task("fetch")
    assert isinstance(fetch, AqiDockerOperator)
    assert fetch.image == "aqi-tasks:0.1.0"
    # The local stack binds 127.0.0.1: the containers share the host's network, no bridge.
    assert fetch.network_mode == "host"
    assert fetch.environment == {}
    assert fetch.mem_limit == "768m"
    assert fetch.remove_policy == "success"
    # DockerOperator's own "success" also removes failed containers: the operator removes them itself.
    assert fetch.auto_remove == "never"
    assert fetch.mount_tmp_dir is False
    assert fetch.skip_on_exit_code == [99]
    # Nothing secret is known, let alone rendered, while the DAG is parsed.
    assert fetch._private_environment == {}
    assert "WAQI_TOKEN" not in fetch.environment
    classify = docker_pipeline.get_task("classify")
    assert classify.operator_class is AqiDockerOperator


def test_the_engine_address_follows_aqi_docker_url_then_docker_host(monkeypatch):
    monkeypatch.delenv("AQI_DOCKER_URL", raising=False)
    monkeypatch.setenv("DOCKER_HOST", "unix:///srv/engine.sock")
    assert AqiDockerOperator(task_id="t", step="version", command=["version"]).docker_url == "unix:///srv/engine.sock"
    monkeypatch.setenv("AQI_DOCKER_URL", "unix:///work/var/run/docker.sock")
    assert AqiDockerOperator(task_id="t", step="version", command=["version"]).docker_url == "unix:///work/var/run/docker.sock"


def test_on_a_network_of_its_own_the_containers_get_the_services_names():
    op = AqiDockerOperator(task_id="t", step="version", command=["version"], network_mode="aqi")
    assert op.environment["AQI_KAFKA_BROKERS"] == "kafka:9092"
    assert op.environment["AQI_CASSANDRA_CONTACT_POINTS"] == "cassandra:9042"


def run(monkeypatch, exit_code, output, config=None, **engine_kwargs):
    monkeypatch.setenv("AIRFLOW_CONN_WAQI_DEFAULT", json.dumps({"conn_type": "http", "password": TOKEN}))
    monkeypatch.setenv("AIRFLOW_VAR_AQI_CONFIG", json.dumps(config or {}))
    monkeypatch.setenv("AQI_SIM_STATIONS", "7")  # a worker setting the local child would inherit
    monkeypatch.setenv("AQI_RUNNER", "docker")  # the runner's own knob: not for the step
    engine = RecordingEngine(exit_code, output, **engine_kwargs)
    monkeypatch.setattr(AqiDockerOperator, "cli", property(lambda self: engine))
    op = AqiDockerOperator(task_id="fetch", step="fetch", command=list(ARGV))
    return op, engine


SUMMARY = {"step": "fetch", "status": "ok", "requests": 12, "stations": 10}
LOGS = ['{"level":"info","message":"fetching 10 stations"}', json.dumps(SUMMARY), '{"level":"info","message":"closed"}']


def test_what_the_operator_sends_to_the_engine(monkeypatch):
    op, engine = run(monkeypatch, 0, LOGS, config={"AQI_TOPIC_READINGS": "aqi.readings.v1", "AQI_KAFKA_BROKERS": "broker:9092"})
    result = op.execute(context={})
    sent = engine.calls["create_container"]
    assert sent["image"] == "aqi-tasks:0.1.0"
    assert sent["command"] == ARGV
    assert sent["environment"]["AQI_KAFKA_BROKERS"] == "broker:9092"
    assert sent["environment"]["AQI_TOPIC_READINGS"] == "aqi.readings.v1"
    assert sent["environment"]["AQI_SIM_STATIONS"] == "7"
    assert "AQI_RUNNER" not in sent["environment"]
    assert sent["host_config"]["network_mode"] == "host"
    assert sent["host_config"]["mem_limit"] == "768m"
    assert sent["labels"]["aqi.step"] == "fetch"
    # The token reaches the container as a read-only file named in the environment; the
    # environment itself (what `docker inspect` shows) holds only the file's path.
    assert sent["environment"]["WAQI_TOKEN_FILE"] == "/run/secrets/aqi/WAQI_TOKEN"
    assert TOKEN not in json.dumps(sent)
    (mount,) = sent["host_config"]["mounts"]
    assert (mount["Target"], mount["Type"], mount["ReadOnly"]) == ("/run/secrets/aqi/WAQI_TOKEN", "bind", True)
    assert engine.secret_files == {"/run/secrets/aqi/WAQI_TOKEN": TOKEN}
    # Gone once the container has finished.
    assert not Path(mount["Source"]).exists() and not Path(mount["Source"]).parent.exists()
    assert engine.calls["remove_container"] == {"id": "c0ffee", "force": True}
    assert "WAQI_TOKEN" not in op.environment
    assert result == SUMMARY
    assert TOKEN not in json.dumps(result)


@pytest.mark.parametrize(
    ("code", "exception"),
    [(75, AirflowException), (1, AirflowFailException), (64, AirflowFailException), (99, AirflowSkipException)],
)
def test_container_exit_codes_map_to_airflow(monkeypatch, code, exception):
    failed = {"step": "fetch", "status": "failed", "error": {"code": "E", "message": "reason given by the step"}}
    op, engine = run(monkeypatch, code, [json.dumps(failed)])
    with pytest.raises(exception, match=f"aqi fetch exited {code}: reason given by the step") as caught:
        op.execute(context={})
    if code == 75:
        assert not isinstance(caught.value, (AirflowFailException, AirflowSkipException))
    # A failed container is kept for `docker logs`; a skipped one did its job and goes.
    assert ("remove_container" in engine.calls) is (code == 99)


def test_an_oom_kill_is_reported_and_retried(monkeypatch):
    op, engine = run(monkeypatch, 137, ['{"level":"info","message":"classifying"}'], oom=True)
    logger, seen = logging.getLogger("aqi-test-oom"), LineRecorder()
    logger.addHandler(seen)
    monkeypatch.setattr(AqiDockerOperator, "log", property(lambda self: logger))
    with pytest.raises(AirflowException, match="aqi fetch exited 137") as caught:
        op.execute(context={})
    assert not isinstance(caught.value, (AirflowFailException, AirflowSkipException))
    assert any("killed by the OOM killer" in line and "AQI_DOCKER_MEM_LIMIT" in line for line in seen.lines), seen.lines
    assert "remove_container" not in engine.calls


def test_a_missing_image_names_the_make_target_and_pulls_nothing(monkeypatch):
    op, engine = run(monkeypatch, 0, LOGS, image_built=False)
    with pytest.raises(AirflowFailException, match=r"image aqi-tasks:0.1.0 is not built .*run 'make image'"):
        op.execute(context={})
    assert "create_container" not in engine.calls


def test_a_token_in_the_config_variable_is_refused(monkeypatch):
    op, engine = run(monkeypatch, 0, LOGS, config={"WAQI_TOKEN": TOKEN})
    with pytest.raises(ValueError, match="secrets belong in the connections"):
        op.execute(context={})
    assert "create_container" not in engine.calls


@pytest.mark.parametrize(
    ("message", "code"),
    [("Docker container failed: {'StatusCode': 75, 'Error': None}", 75), ("Docker container failed: {}", None)],
)
def test_exit_code_of(message, code):
    assert exit_code_of(Exception(message)) == code
