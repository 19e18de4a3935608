"""
The exit codes are one contract in two languages: the CLI's table (tasks/core/exit-codes.ts)
and what the runners make of them (dags/aqi_runtime/outcome.py). Either side changed alone
fails here.
"""

from __future__ import annotations

import re

from aqi_runtime import outcome
from support.stack import ROOT


def cli_exit_codes() -> dict[str, int]:
    text = (ROOT / "tasks" / "core" / "exit-codes.ts").read_text()
    table = re.search(r"export const EXIT = \{(.*?)\} as const", text, flags=re.S)
    assert table, "EXIT table not found in exit-codes.ts"
    return {name: int(code) for name, code in re.findall(r"(\w+):\s*(\d+)", table.group(1))}


def test_the_runners_know_every_exit_code_the_cli_documents():
    cli = cli_exit_codes()
    assert set(cli) == {"OK", "FATAL", "CONFIG", "RETRYABLE", "NOTHING_TO_DO"}
    for name, code in cli.items():
        assert getattr(outcome, name) == code, name
