"""
The Docker engine and image of the stack, for the tests that run real containers: the
engine `make up` started (or the user's own it found), and the image `make image` built.
A missing engine or image fails the test with the make target that provides it.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from support.stack import ROOT

IMAGE = "aqi-tasks:0.1.0"


def engine_url() -> str:
    external = ROOT / "var" / "run" / "docker.external"
    if external.exists():
        return external.read_text().strip()
    return f"unix://{ROOT / 'var' / 'run' / 'docker.sock'}"


def docker(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", "--host", engine_url(), *args], capture_output=True, text=True, timeout=timeout)


def require_engine_and_image() -> str:
    version = docker("version", "--format", "{{.Server.Version}}")
    if version.returncode != 0:
        pytest.fail(f"no Docker engine answers at {engine_url()}: make up SERVICES=docker ({version.stderr.strip()[:200]})")
    if docker("image", "inspect", IMAGE).returncode != 0:
        pytest.fail(f"image {IMAGE} is not built: make image")
    return engine_url()


def containers_labelled(label: str) -> list[str]:
    out = docker("ps", "--all", "--quiet", "--no-trunc", "--filter", f"label={label}")
    return out.stdout.split()


def inspect(ids: list[str]) -> list[dict]:
    return json.loads(docker("inspect", *ids).stdout) if ids else []


def remove(ids: list[str]) -> None:
    if ids:
        docker("rm", "--force", *ids)
