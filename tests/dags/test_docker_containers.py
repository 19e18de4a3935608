"""
The Docker runner against the real engine and the real tasks image: each documented exit
code of a real `aqi` container ends in the same task state, with the same message, as the
local runner's child running the same argv; secrets reach the container as files only.
"""

from __future__ import annotations

import json
import logging

import pytest
from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException

from aqi_runtime.docker_runner import AqiDockerOperator
from aqi_runtime.local_runner import AqiLocalOperator
from support.engine import IMAGE, containers_labelled, docker, inspect, remove, require_engine_and_image
from support.log_lines import LineRecorder

PAST = ["--interval-start", "2026-03-01T10:00:00Z", "--interval-end", "2026-03-01T11:00:00Z"]
# A PostgreSQL URL to a closed port, given as the connection: the container can reach it
# only through its secret file, so exit 75 also proves the file was read.
CLOSED_PG = "postgres://aqi@127.0.0.1:1/nowhere"

CASES = {
    "0 success": (["version"], None, None),
    "64 usage error": (["version", "--no-such-flag"], AirflowFailException, "aqi version exited 64: unknown option '--no-such-flag'"),
    "64 date without offset": (["stage", "--interval-start", "2026-03-01T10:00:00", PAST[2], PAST[3]], AirflowFailException, "aqi stage exited 64: invalid configuration"),
    "75 PostgreSQL unreachable": (["stage", *PAST], AirflowException, "aqi stage exited 75: PostgreSQL at 127.0.0.1:1 (AQI_PG_URL) refused the connection"),
    "99 interval past": (["fetch", *PAST, "--run-id", "r1"], AirflowSkipException, "aqi fetch exited 99: the interval ended"),
}


@pytest.fixture(scope="module")
def engine():
    return require_engine_and_image()


@pytest.fixture
def stack_env(monkeypatch, engine):
    monkeypatch.setenv("AQI_DOCKER_URL", engine)
    monkeypatch.setenv("AIRFLOW_CONN_AQI_POSTGRES", CLOSED_PG)
    monkeypatch.setenv("AIRFLOW_VAR_AQI_CONFIG", json.dumps({"AQI_LOG_LEVEL": "info"}))
    monkeypatch.delenv("AQI_CLI", raising=False)
    return engine


def outcome(operator) -> tuple[type | None, str]:
    try:
        summary = operator.execute(context={})
    except (AirflowSkipException, AirflowFailException, AirflowException) as raised:
        return type(raised), str(raised)
    return None, json.dumps(summary)


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_real_container_ends_like_the_local_child(stack_env, case):
    argv, expected_type, expected_message = CASES[case]
    local = outcome(AqiLocalOperator(task_id="t", step=argv[0], command=argv))
    container = outcome(AqiDockerOperator(task_id="t", step=argv[0], command=argv))
    assert container[0] is local[0] is expected_type, (local, container)
    if expected_message:
        assert container[1].startswith(expected_message) and local[1].startswith(expected_message), (local, container)
    else:
        # Success returns the summary: the same CLI version answers in both.
        assert json.loads(container[1])["version"] == json.loads(local[1])["version"] == "0.1.0"


def test_a_failed_container_is_kept_and_a_successful_one_removed(stack_env):
    marker = f"aqi.test={id(stack_env)}"
    failed = AqiDockerOperator(task_id="t", step="stage", command=["stage", *PAST], labels={"aqi.test": str(id(stack_env))})
    ok = AqiDockerOperator(task_id="t", step="version", command=["version"], labels={"aqi.test": str(id(stack_env))})
    try:
        with pytest.raises(AirflowException):
            failed.execute(context={})
        ok.execute(context={})
        kept = inspect(containers_labelled(marker))
        assert [(c["Config"]["Cmd"][0], c["State"]["ExitCode"]) for c in kept] == [("stage", 75)]
        assert kept[0]["HostConfig"]["NetworkMode"] == "host"
        assert kept[0]["Config"]["User"] in ("", "1000:1000") and kept[0]["State"]["OOMKilled"] is False
    finally:
        remove(containers_labelled(marker))


def test_secrets_are_files_not_environment_in_docker_inspect(stack_env, monkeypatch):
    token = "MARKERTOKEN-inspect-0123456789"
    monkeypatch.setenv("AIRFLOW_CONN_WAQI_DEFAULT", json.dumps({"conn_type": "http", "password": token}))
    label = {"aqi.test": f"secrets-{id(monkeypatch)}"}
    op = AqiDockerOperator(task_id="t", step="stage", command=["stage", *PAST], labels=label)
    try:
        with pytest.raises(AirflowException, match="127.0.0.1:1"):
            op.execute(context={})
        (kept,) = inspect(containers_labelled(f"aqi.test={label['aqi.test']}"))
        text = json.dumps(kept)
        assert token not in text and "nowhere" not in text
        assert "WAQI_TOKEN_FILE=/run/secrets/aqi/WAQI_TOKEN" in kept["Config"]["Env"]
        assert "AQI_PG_URL_FILE=/run/secrets/aqi/AQI_PG_URL" in kept["Config"]["Env"]
        assert {m["Destination"]: m["RW"] for m in kept["Mounts"]} == {"/run/secrets/aqi/WAQI_TOKEN": False, "/run/secrets/aqi/AQI_PG_URL": False}
        assert token not in docker("logs", kept["Id"]).stdout + docker("logs", kept["Id"]).stderr
    finally:
        remove(containers_labelled(f"aqi.test={label['aqi.test']}"))


def test_the_image_history_and_config_hold_no_secret_and_run_unprivileged(engine):
    history = docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", IMAGE).stdout
    (image,) = json.loads(docker("image", "inspect", IMAGE).stdout)
    assert image["Config"]["User"] == "1000:1000"
    assert image["Config"]["Entrypoint"] == ["node", "/app/dist/tasks/cli.js"]
    for name in ("WAQI_TOKEN", "AQI_PG_URL", "PASSWORD", "extra-ca"):
        assert name not in history and name not in json.dumps(image["Config"]), name
    assert image["Size"] < 300_000_000
    writable = docker("run", "--rm", "--network", "none", "--entrypoint", "sh", IMAGE, "-c", "touch /app/dist/tasks/cli.js; echo $?")
    assert writable.stdout.strip() != "0", "the runtime user can rewrite the CLI"


def test_a_container_killed_by_the_oom_killer_is_retried_and_named(stack_env, monkeypatch):
    # Node alone needs more than 16 MiB: the engine's OOM killer ends it with SIGKILL (137).
    label = {"aqi.test": f"oom-{id(monkeypatch)}"}
    op = AqiDockerOperator(task_id="t", step="version", command=["version"], mem_limit="16m", labels=label)
    logger, seen = logging.getLogger("aqi-test-oom-real"), LineRecorder()
    logger.addHandler(seen)
    monkeypatch.setattr(AqiDockerOperator, "log", property(lambda self: logger))
    try:
        with pytest.raises(AirflowException, match="aqi version exited 137") as caught:
            op.execute(context={})
        assert not isinstance(caught.value, (AirflowFailException, AirflowSkipException))
        assert any("killed by the OOM killer" in line for line in seen.lines), seen.lines
        (kept,) = inspect(containers_labelled(f"aqi.test={label['aqi.test']}"))
        assert kept["State"]["OOMKilled"] is True
    finally:
        remove(containers_labelled(f"aqi.test={label['aqi.test']}"))
