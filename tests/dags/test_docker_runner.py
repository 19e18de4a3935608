"""
The DockerOperator path, on a machine without a Docker engine: the DAG built with
AQI_RUNNER=docker, and what its operator would send to the engine, recorded by a stand-in
for docker-py's APIClient (the engine is the one thing this machine cannot provide).
"""

from __future__ import annotations

import json

import pytest
from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException

from aqi_runtime.docker_runner import AqiDockerOperator, exit_code_of
from conftest import load_dagbag

TOKEN = "waqi-token-0123456789"
ARGV = ["fetch", "--interval-start", "2026-03-01T10:00:00+00:00", "--interval-end", "2026-03-01T11:00:00+00:00", "--run-id", "r1"]


class RecordingEngine:
    """Answers like the Docker Engine API for one container run and records the requests."""

    def __init__(self, exit_code: int, output: list[str]):
        self.exit_code = exit_code
        self.output = output
        self.calls: dict[str, dict] = {}

    def images(self, name):
        return [{"Id": "sha256:feed"}]

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


def test_the_docker_dag_uses_pinned_image_network_and_safe_defaults(docker_pipeline):
    fetch = docker_pipeline.get_task("fetch")
    assert isinstance(fetch, AqiDockerOperator)
    assert fetch.image == "aqi-tasks:0.1.0"
    assert fetch.network_mode == "aqi"
    assert fetch.docker_url == "tcp://docker-socket-proxy:2375"
    assert fetch.auto_remove == "success"
    assert fetch.mount_tmp_dir is False
    assert fetch.skip_on_exit_code == [99]
    # Nothing secret is known, let alone rendered, while the DAG is parsed.
    assert fetch._private_environment == {}
    assert "WAQI_TOKEN" not in fetch.environment
    classify = docker_pipeline.get_task("classify")
    assert classify.operator_class is AqiDockerOperator


def run(monkeypatch, exit_code, output, config=None):
    monkeypatch.setenv("AIRFLOW_CONN_WAQI_DEFAULT", json.dumps({"conn_type": "http", "password": TOKEN}))
    monkeypatch.setenv("AIRFLOW_VAR_AQI_CONFIG", json.dumps(config or {}))
    engine = RecordingEngine(exit_code, output)
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
    assert sent["environment"]["WAQI_TOKEN"] == TOKEN
    assert sent["environment"]["AQI_KAFKA_BROKERS"] == "broker:9092"  # the variable overrides the default
    assert sent["environment"]["AQI_TOPIC_READINGS"] == "aqi.readings.v1"
    assert sent["environment"]["AQI_CASSANDRA_CONTACT_POINTS"] == "cassandra:9042"
    assert sent["host_config"]["network_mode"] == "aqi"
    assert sent["host_config"]["mounts"] == []
    assert engine.calls["remove_container"] == {"id": "c0ffee"}
    # The token went only to the engine: not to the templated environment, not to XCom.
    assert "WAQI_TOKEN" not in op.environment
    assert result == SUMMARY
    assert TOKEN not in json.dumps(result)


@pytest.mark.parametrize(
    ("code", "exception"),
    [(75, AirflowException), (1, AirflowFailException), (64, AirflowFailException), (99, AirflowSkipException)],
)
def test_container_exit_codes_map_to_airflow(monkeypatch, code, exception):
    failed = {"step": "fetch", "status": "failed", "error": {"code": "E", "message": "reason given by the step"}}
    op, _ = run(monkeypatch, code, [json.dumps(failed)])
    with pytest.raises(exception, match=f"aqi fetch exited {code}: reason given by the step") as caught:
        op.execute(context={})
    if code == 75:
        assert not isinstance(caught.value, (AirflowFailException, AirflowSkipException))


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
