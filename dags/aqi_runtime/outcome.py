"""
What an `aqi` exit code means to Airflow (the codes of tasks/core/exit-codes.ts), and the
summary line every command prints last on stdout.

The decision is pure (`outcome_for`); `raise_for` turns it into the exception Airflow acts
on: a retryable failure is retried with backoff, a fatal one or bad configuration fails at
once (retrying a bad token only burns quota), "nothing to do" marks the task skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import Enum

OK, FATAL, CONFIG, RETRYABLE, NOTHING_TO_DO = 0, 1, 64, 75, 99


class Outcome(Enum):
    SUCCESS = "success"
    RETRY = "retry"
    FAIL = "fail"
    SKIP = "skip"


def outcome_for(exit_code: int | None) -> Outcome:
    if exit_code == OK:
        return Outcome.SUCCESS
    if exit_code == NOTHING_TO_DO:
        return Outcome.SKIP
    if exit_code in (FATAL, CONFIG):
        return Outcome.FAIL
    # 75, and anything undocumented (a kill by signal, an OOM, a crash of node itself):
    # every step is idempotent and resumable, so another attempt is the safe answer.
    return Outcome.RETRY


def last_summary(lines: Iterable[str]) -> dict | None:
    """The last line that is a JSON object naming its step and not a log line (those carry a
    `level`; progress lines name their step too): the command's summary."""
    found = None
    for line in lines:
        text = line.strip()
        if not text.startswith("{"):
            continue
        try:
            value = json.loads(text)
        except ValueError:
            continue
        if isinstance(value, dict) and "step" in value and "level" not in value:
            found = value
    return found


def describe(step: str, exit_code: int | None, summary: dict | None) -> str:
    error = (summary or {}).get("error") or {}
    reason = error.get("message") if isinstance(error, dict) else None
    return f"aqi {step} exited {exit_code}" + (f": {reason}" if reason else "")


def raise_for(step: str, exit_code: int | None, summary: dict | None) -> dict | None:
    """Returns the summary on success; raises what Airflow needs otherwise."""
    # Imported here so the pure part above stays importable without Airflow.
    from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException

    outcome = outcome_for(exit_code)
    if outcome is Outcome.SUCCESS:
        return summary
    message = describe(step, exit_code, summary)
    if outcome is Outcome.SKIP:
        raise AirflowSkipException(message)
    if outcome is Outcome.FAIL:
        raise AirflowFailException(message)
    raise AirflowException(message)
