"""Exit codes -> what Airflow does, and finding the summary line."""

from __future__ import annotations

import pytest
from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException

from aqi_runtime.outcome import Outcome, describe, last_summary, outcome_for, raise_for


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (0, Outcome.SUCCESS),
        (99, Outcome.SKIP),
        (1, Outcome.FAIL),
        (64, Outcome.FAIL),
        (75, Outcome.RETRY),
        (137, Outcome.RETRY),  # SIGKILL: the step is resumable, so try again
        (2, Outcome.RETRY),
        (None, Outcome.RETRY),
    ],
)
def test_outcome_for(code, expected):
    assert outcome_for(code) is expected


@pytest.mark.parametrize(
    ("code", "exception"),
    [(99, AirflowSkipException), (1, AirflowFailException), (64, AirflowFailException), (75, AirflowException)],
)
def test_raise_for_raises_what_airflow_acts_on(code, exception):
    summary = {"step": "fetch", "status": "failed", "error": {"code": "X", "message": "why it stopped"}}
    with pytest.raises(exception, match="aqi fetch exited .*: why it stopped") as caught:
        raise_for("fetch", code, summary)
    # A retryable failure must not be a fail-fast exception (Airflow would not retry it).
    if code == 75:
        assert not isinstance(caught.value, (AirflowFailException, AirflowSkipException))


def test_raise_for_returns_the_summary_on_success():
    summary = {"step": "stage", "status": "ok", "staged": 3}
    assert raise_for("stage", 0, summary) is summary


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (['{"step":"fetch","status":"ok","fetched":3}'], {"step": "fetch", "status": "ok", "fetched": 3}),
        (['{"level":"info"}', '{"step":"a"}', '{"level":"warn","message":"late log"}'], {"step": "a"}),
        (['{"step":"a"}', '{"step":"b"}'], {"step": "b"}),
        # A progress log line written on stderr after the summary (the Docker runner reads
        # both streams as one): it names its step but is not the summary.
        (['{"step":"aggregate","status":"ok","windows":139}', '{"step":"aggregate","level":"info","message":"progress","count":139}'], {"step": "aggregate", "status": "ok", "windows": 139}),
        (["plain text", "{not json", "[1,2]"], None),
        ([], None),
    ],
)
def test_last_summary(lines, expected):
    assert last_summary(lines) == expected


def test_describe_without_summary_names_the_code():
    assert describe("classify", 137, None) == "aqi classify exited 137"
