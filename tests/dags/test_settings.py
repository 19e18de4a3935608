"""Runner choice and configuration: secrets may only come from connections."""

from __future__ import annotations

import pytest

from aqi_runtime import settings


@pytest.mark.parametrize(("env", "expected"), [({}, "local"), ({"AQI_RUNNER": "docker"}, "docker"), ({"AQI_RUNNER": " Local "}, "local")])
def test_runner(env, expected):
    assert settings.runner(env) == expected


def test_unknown_runner_is_a_parse_error_not_a_silent_default():
    with pytest.raises(ValueError, match="AQI_RUNNER"):
        settings.runner({"AQI_RUNNER": "kubernetes"})


def test_image_is_pinned_by_default_and_overridable():
    assert settings.image({}) == "aqi-tasks:0.1.0"
    assert settings.image({"AQI_IMAGE": "aqi-tasks@sha256:abc"}) == "aqi-tasks@sha256:abc"


def test_local_cli_defaults_to_this_repos_build():
    assert settings.local_cli(None) == ["node", str(settings.REPO_ROOT / "dist" / "tasks" / "cli.js")]
    assert settings.local_cli("aqi") == ["aqi"]
    assert settings.local_cli("node '/opt/my aqi/cli.js'") == ["node", "/opt/my aqi/cli.js"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, {}),
        ("", {}),
        ({"AQI_KAFKA_BROKERS": "k:9092", "AQI_TOPIC_PARTITIONS": 6}, {"AQI_KAFKA_BROKERS": "k:9092", "AQI_TOPIC_PARTITIONS": "6"}),
    ],
)
def test_public_config(raw, expected):
    assert settings.public_config(raw) == expected


@pytest.mark.parametrize("secret", ["WAQI_TOKEN", "AQI_PG_URL"])
def test_public_config_refuses_secrets_without_echoing_them(secret):
    with pytest.raises(ValueError, match="secrets belong in the connections") as caught:
        settings.public_config({secret: "do-not-print-me"})
    assert "do-not-print-me" not in str(caught.value)


def test_public_config_must_be_an_object():
    with pytest.raises(ValueError, match="JSON object"):
        settings.public_config(["x"])


def test_secrets_come_from_connections(monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_WAQI_DEFAULT", '{"conn_type": "http", "password": "tok-123456"}')
    monkeypatch.setenv("AIRFLOW_CONN_AQI_POSTGRES", "postgres://aqi:pw@db.example:5432/aqi")
    secrets = settings.read_secrets()
    assert secrets["WAQI_TOKEN"] == "tok-123456"
    assert secrets["AQI_PG_URL"].startswith("postgresql://aqi:pw@db.example:5432/aqi")


def test_no_connection_means_no_secret(monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_WAQI_DEFAULT", raising=False)
    monkeypatch.delenv("AIRFLOW_CONN_AQI_POSTGRES", raising=False)
    assert settings.read_secrets() == {}
