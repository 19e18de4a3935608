"""
The local runner: the same `aqi` argv as the Docker runner, run as a child process on
the worker itself, for machines without a Docker engine and for tests.

The child's stderr (winston JSON log lines, already redacted by the CLI) is streamed into
the task log line by line while it runs; its last stdout line, the summary, becomes the
task's XCom. The exit code decides success, retry, failure or skip (outcome.py).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from airflow.sdk import BaseOperator

from aqi_runtime import settings
from aqi_runtime.outcome import last_summary, raise_for


@dataclass
class Finished:
    exit_code: int
    summary: dict | None
    stdout_lines: list[str]


LEVELS = {"error": logging.ERROR, "warn": logging.WARNING, "warning": logging.WARNING, "debug": logging.DEBUG}


def level_of(line: str) -> int:
    """The level a CLI log line was written at, so warnings stay warnings in the task log."""
    if line.startswith("{"):
        try:
            return LEVELS.get(str(json.loads(line).get("level")), logging.INFO)
        except (ValueError, AttributeError):
            pass
    return logging.INFO


def _pump(stream, sink: logging.Logger) -> None:
    for raw in iter(stream.readline, ""):
        line = raw.rstrip("\n")
        sink.log(level_of(line), "%s", line)
    stream.close()


def run_command(
    argv: Sequence[str],
    env: Mapping[str, str],
    log: logging.Logger,
    on_start=None,
) -> Finished:
    """Runs argv, streaming stderr into `log`; returns the exit code and the summary."""
    child = subprocess.Popen(
        list(argv),
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
        start_new_session=True,
    )
    if on_start:
        on_start(child)
    err_thread = threading.Thread(target=_pump, args=(child.stderr, log), daemon=True)
    err_thread.start()
    stdout_lines = [line.rstrip("\n") for line in child.stdout]
    exit_code = child.wait()
    err_thread.join()
    for line in stdout_lines:
        log.info("stdout: %s", line)
    # A negative code is a kill by signal: report it the shell's way (128 + n).
    code = 128 - exit_code if exit_code < 0 else exit_code
    return Finished(code, last_summary(stdout_lines), stdout_lines)


class AqiLocalOperator(BaseOperator):
    """Runs one `aqi` step as a subprocess. `command` is the argv after the CLI name."""

    template_fields: Sequence[str] = ("command",)
    ui_color = "#d8f0e4"

    def __init__(self, *, command: list[str] | object, step: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.command = command
        self.step = step
        self._child: subprocess.Popen | None = None

    def execute(self, context):
        argv = [*settings.local_cli(settings.read_cli_override()), *self.command]
        env = {**os.environ, **settings.read_public_config(), **settings.read_secrets()}
        # Argv holds no secret (tokens travel only in the environment), so it is logged.
        self.log.info("running %s", " ".join(argv))
        done = run_command(argv, env, self.log, on_start=self._remember)
        return raise_for(self.step, done.exit_code, done.summary)

    def _remember(self, child: subprocess.Popen) -> None:
        self._child = child

    def on_kill(self) -> None:
        # SIGTERM lets the step stop between batches; its work is resumable.
        if self._child and self._child.poll() is None:
            os.killpg(self._child.pid, signal.SIGTERM)
