"""
The README's newcomer recipes run as written against the running stack: the `airflow`
wrapper and the backfill command (as a dry run, so the live scheduler gets no new work).
"""

from __future__ import annotations

import re
import shlex
import subprocess

from support.stack import ROOT


def readme_command(starting: str) -> list[str]:
    """The README's shell command that starts with `starting`, continuation lines joined."""
    text = (ROOT / "README.md").read_text()
    match = re.search(rf"^{re.escape(starting)}.*?(?:\\\n.*?)*$", text, flags=re.M)
    assert match, f"the README has no command starting {starting!r}"
    return shlex.split(match.group(0).replace("\\\n", " "))


def run(argv: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_airflow_wrapper_reaches_the_stacks_airflow():
    out = run(["bash", "stack/airflow.sh", "dags", "list", "-o", "plain"])
    assert out.returncode == 0, out.stderr[-2000:]
    assert "aqi_pipeline" in out.stdout


def test_the_readme_backfill_recipe_runs_as_written():
    argv = readme_command("bash stack/airflow.sh backfill create")
    assert "--dry-run" in argv, argv
    out = run(argv)
    assert out.returncode == 0, (out.stdout + out.stderr)[-2000:]
    assert "Performing dry run of backfill" in out.stdout + out.stderr
    assert "2026-12-07" in out.stdout + out.stderr
