"""
The local runner against real child processes: a Python one-liner for the mechanics
(streaming, exit codes, kills) and the repo's built `aqi` CLI for the whole operator.
"""

from __future__ import annotations

import logging
import os
import sys

import pytest
from airflow.sdk.exceptions import AirflowFailException

from aqi_runtime.local_runner import AqiLocalOperator, level_of, run_command
from support.log_lines import LineRecorder

CHILD = """
import json, sys, time
for i in range(3):
    print(json.dumps({"level": "info", "message": f"batch {i}"}), file=sys.stderr, flush=True)
print(json.dumps({"step": "demo", "status": "ok", "count": 3}), flush=True)
print(json.dumps({"level": "info", "message": "closing"}), file=sys.stderr, flush=True)
sys.exit(int(sys.argv[1]))
"""


@pytest.fixture
def log():
    logger = logging.getLogger("aqi-test-runner")
    logger.setLevel(logging.INFO)
    handler = LineRecorder()
    logger.addHandler(handler)
    yield logger, handler
    logger.removeHandler(handler)


@pytest.mark.parametrize("code", [0, 1, 64, 75, 99])
def test_run_command_streams_stderr_and_returns_code_and_summary(log, code):
    logger, seen = log
    done = run_command([sys.executable, "-c", CHILD, str(code)], dict(os.environ), logger)
    assert done.exit_code == code
    assert done.summary == {"step": "demo", "status": "ok", "count": 3}
    stderr_lines = [line for line in seen.lines if '"level"' in line and not line.startswith("stdout:")]
    assert [line.split('"message": ')[1] for line in stderr_lines] == ['"batch 0"}', '"batch 1"}', '"batch 2"}', '"closing"}']


def test_a_killed_child_reports_128_plus_signal(log):
    logger, _ = log
    done = run_command([sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"], dict(os.environ), logger)
    assert done.exit_code == 137
    assert done.summary is None


def test_operator_runs_the_real_cli_and_returns_its_summary(monkeypatch):
    monkeypatch.delenv("AQI_CLI", raising=False)
    op = AqiLocalOperator(task_id="version", step="version", command=["version"])
    summary = op.execute(context={})
    assert summary["step"] == "version"
    assert summary["status"] == "ok"
    assert summary["version"] == "0.1.0"


def test_operator_fails_without_retry_on_a_usage_error_of_the_real_cli():
    # An unknown option is a usage error (64): retrying cannot fix a wrong command line.
    op = AqiLocalOperator(task_id="bad", step="version", command=["version", "--no-such-flag"])
    with pytest.raises(AirflowFailException, match="aqi version exited 64: unknown option '--no-such-flag'"):
        op.execute(context={})


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ('{"level":"error","message":"x"}', logging.ERROR),
        ('{"level":"warn","message":"x"}', logging.WARNING),
        ('{"level":"info","message":"x"}', logging.INFO),
        ('{"level":"debug"}', logging.DEBUG),
        ("(node:1) MaxListenersExceededWarning", logging.INFO),
        ("{broken", logging.INFO),
        ("[1, 2]", logging.INFO),
    ],
)
def test_cli_log_lines_keep_their_level(line, level):
    assert level_of(line) == level
