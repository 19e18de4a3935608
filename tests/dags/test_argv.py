"""The argv builder: table-driven, no Airflow, no I/O."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from aqi_runtime.argv import DEFAULT_GROUP, RunFacts, facts_from_run, plan, resolve_interval, step_argv

START = datetime(2026, 3, 1, 10, tzinfo=timezone.utc)
END = datetime(2026, 3, 1, 11, tzinfo=timezone.utc)
INTERVAL = ["--interval-start", "2026-03-01T10:00:00+00:00", "--interval-end", "2026-03-01T11:00:00+00:00"]


def facts(**overrides) -> RunFacts:
    return RunFacts(**{"interval_start": START, "interval_end": END, "run_id": "scheduled__x", **overrides})


@pytest.mark.parametrize(
    ("step", "run", "expected"),
    [
        ("fetch", facts(), ["fetch", *INTERVAL, "--run-id", "scheduled__x"]),
        ("fetch", facts(stations=("1451", "@7397")), ["fetch", *INTERVAL, "--run-id", "scheduled__x", "--stations", "1451,@7397"]),
        ("fetch", facts(bounds="39.3,115.4,41.1,117.5"), ["fetch", *INTERVAL, "--run-id", "scheduled__x", "--bounds", "39.3,115.4,41.1,117.5"]),
        ("stage", facts(stations=("1451",)), ["stage", *INTERVAL]),
        ("publish", facts(), ["publish", *INTERVAL]),
        ("publish", facts(replay=True), ["publish", *INTERVAL, "--replay"]),
        ("classify", facts(group="g1"), ["classify", "--group", "g1"]),
        ("aggregate", facts(), ["aggregate", *INTERVAL]),
        ("alerts", facts(), ["alerts", *INTERVAL]),
    ],
)
def test_step_argv(step, run, expected):
    assert step_argv(step, run) == expected


def test_unknown_step_is_refused():
    with pytest.raises(ValueError, match="unknown step"):
        step_argv("spark", facts())


def test_interval_is_rendered_in_utc_whatever_the_input_offset():
    from datetime import timedelta

    plus2 = timezone(timedelta(hours=2))
    argv = step_argv("stage", facts(interval_start=START.astimezone(plus2), interval_end=END.astimezone(plus2)))
    assert argv == ["stage", *INTERVAL]


def test_plan_gives_one_argv_per_classify_worker_and_one_per_other_step():
    commands = plan(("fetch", "stage", "publish", "classify"), facts(workers=3))
    assert commands["classify"] == [["classify", "--group", DEFAULT_GROUP]] * 3
    assert commands["stage"] == ["stage", *INTERVAL]
    assert list(commands) == ["fetch", "stage", "publish", "classify"]


@pytest.mark.parametrize(
    ("start", "end", "run_after", "expected"),
    [
        ("2026-03-01T10:00:00+00:00", "2026-03-01T11:00:00+00:00", "2026-03-01T11:00:05+00:00", (START, END)),
        ("2026-03-01T12:00:00+02:00", "2026-03-01T13:00:00+02:00", "ignored", (START, END)),
        # str() of a datetime, as `{{ dag_run.data_interval_start }}` renders it
        ("2026-03-01 10:00:00+00:00", "2026-03-01 11:00:00+00:00", "ignored", (START, END)),
        # A manual run without a logical date: the last complete hour before it was asked for.
        ("None", "None", "2026-03-01T11:42:17.5+00:00", (START, END)),
        ("", "", "2026-03-01T11:00:00+00:00", (START, END)),
        (None, None, "2026-03-01T11:59:59+00:00", (START, END)),
    ],
)
def test_resolve_interval(start, end, run_after, expected):
    assert resolve_interval(start, end, run_after) == expected


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-03-01T11:00:00+00:00", "2026-03-01T11:00:00+00:00", "empty data interval"),
        ("2026-03-01T10:00:00", "2026-03-01T11:00:00", "without offset"),
    ],
)
def test_resolve_interval_refuses(start, end, message):
    with pytest.raises(ValueError, match=message):
        resolve_interval(start, end, "2026-03-01T11:00:00+00:00")


BASE = dict(interval_start="2026-03-01T10:00:00+00:00", interval_end="2026-03-01T11:00:00+00:00", run_after="x", run_id="r")


@pytest.mark.parametrize(
    ("run_type", "params", "replay", "workers", "stations", "bounds"),
    [
        ("scheduled", {}, False, 1, (), None),
        ("DagRunType.SCHEDULED", {"workers": 3}, False, 3, (), None),
        ("backfill", {}, True, 1, (), None),
        ("DagRunType.BACKFILL", {"replay": False}, True, 1, (), None),
        ("manual", {"replay": True, "stations": ["1451", "beijing"]}, True, 1, ("1451", "beijing"), None),
        ("manual", {"stations": " 1451, ,7397 "}, False, 1, ("1451", "7397"), None),
        ("manual", {"stations": None, "bounds": "1,2,3,4"}, False, 1, (), "1,2,3,4"),
        ("manual", {"bounds": ""}, False, 1, (), None),
    ],
)
def test_facts_from_run(run_type, params, replay, workers, stations, bounds):
    got = facts_from_run(**BASE, run_type=run_type, params=params)
    assert (got.replay, got.workers, got.stations, got.bounds) == (replay, workers, stations, bounds)
    assert (got.interval_start, got.interval_end, got.run_id) == (START, END, "r")


@pytest.mark.parametrize(
    ("conf", "problem"),
    [
        ({"stations": ["1451"], "workers": 2}, None),
        ({}, None),
        ({"statoins": ["1451"]}, "unknown parameter 'statoins' (did you mean 'stations'?); this DAG takes bounds, replay, stations, workers"),
        ({"stations": None, "wrokers": 3, "colour": "red"},
         "unknown parameters 'colour', 'wrokers' (did you mean 'workers'?); this DAG takes bounds, replay, stations, workers"),
    ],
)
def test_unknown_params_are_named_with_a_suggestion(conf, problem):
    from aqi_runtime.argv import unknown_params_problem

    assert unknown_params_problem(conf, ("stations", "bounds", "workers", "replay")) == problem


@pytest.mark.parametrize(("run_type", "asks_waqi"), [("scheduled", True), ("manual", True), ("backfill", False), ("DagRunType.BACKFILL", False)])
def test_a_backfill_fetch_asks_waqi_nothing_even_for_a_recent_hour(run_type, asks_waqi):
    # The interval ended minutes ago, inside fetch's grace: only the run type tells them apart.
    argv = step_argv("fetch", facts_from_run(**BASE, run_type=run_type, params={}))
    assert ("--backfill" not in argv) == asks_waqi
