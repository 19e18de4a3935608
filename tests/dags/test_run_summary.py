"""The printed summary of `make run` says what the steps reported, nothing else."""

from __future__ import annotations

from aqi_runtime.run_summary import format_report, format_states

RUN = {"dag_run_id": "make_run__x", "state": "success", "data_interval_start": "2026-03-01T10:00:00Z", "data_interval_end": "2026-03-01T11:00:00Z"}
REPORT = {
    "fetch": {"stations": 40, "requests": 72, "gaveUp": 0, "simulated": True},
    "stage": {"rawRows": 72, "outcomes": {"reading": 38, "listing": 32, "reject": 2}, "readingsInserted": 38, "readingsUpdated": 0,
              "rejects": {"aqi_out_of_range": 1, "missing_time": 1}},
    "publish": {"published": 38, "topic": "aqi.readings.v1", "replay": False},
    "classify": {"written": 38, "keyspace": "aqi", "deadLettered": 0, "workers": 2,
                 "categories": {"hazardous": 1, "good": 10, "moderate": 27}},
}


def test_report_lines_carry_the_steps_numbers():
    text = format_report(RUN, REPORT, [])
    assert text.splitlines() == [
        "Run make_run__x: SUCCESS  data interval 2026-03-01T10:00:00Z .. 2026-03-01T11:00:00Z",
        "  source            embedded WAQI simulator",
        "  stations fetched  40 (72 requests, 0 given up)",
        "  staged            38 readings (38 new, 0 updated) from 72 raw responses",
        "  rejected          2 {'aqi_out_of_range': 1, 'missing_time': 1}",
        "  published         38 to aqi.readings.v1",
        "  classified        38 written to Cassandra keyspace aqi, 0 dead-lettered, 2 workers",
        "  per category      good 10, moderate 27, hazardous 1",
    ]


def test_the_stations_a_complete_run_gave_up_on_are_named():
    fetch = {**REPORT["fetch"], "gaveUp": 3, "gaveUpTargets": [{"ref": "@1084", "reason": "not_json"}, {"ref": "@2001", "reason": "transport"}]}
    lines = format_report(RUN, {**REPORT, "fetch": fetch}, []).splitlines()
    assert lines[2:4] == ["  stations fetched  40 (72 requests, 3 given up)", "  given up          @1084 (not_json), @2001 (transport) and 1 more"]


def test_a_skipped_fetch_and_unknown_numbers_are_shown_as_such():
    report = {**REPORT, "fetch": None, "publish": {"replay": True, "topic": "t"}}
    lines = format_report({**RUN, "state": "success"}, report, []).splitlines()
    assert lines[1] == "  source            skipped (nothing to do)"
    assert lines[5] == "  published         ? to t (replay)"


def test_without_a_report_the_task_states_are_shown():
    tasks = [{"task_id": "classify", "state": "running"}, {"task_id": "classify", "state": "running"}, {"task_id": "fetch", "state": "success"}]
    text = format_report({**RUN, "state": "failed"}, None, tasks)
    assert text.endswith("no report (the run did not finish): fetch success, classify running x2")


def test_format_states_orders_by_pipeline():
    tasks = [{"task_id": "report", "state": None}, {"task_id": "plan", "state": "success"}, {"task_id": "classify", "state": "failed"},
             {"task_id": "classify", "state": "success"}]
    assert format_states(tasks) == "plan success, classify failed/success, report none"


def test_make_run_takes_the_latest_complete_hour():
    from datetime import datetime, timezone

    from aqi_runtime.airflow_rest import latest_hour

    start, end = latest_hour(datetime(2026, 3, 1, 11, 42, 17, tzinfo=timezone.utc))
    assert (start.isoformat(), end.isoformat()) == ("2026-03-01T10:00:00+00:00", "2026-03-01T11:00:00+00:00")


def test_a_run_without_a_logical_date_shows_the_interval_the_plan_chose():
    run = {"dag_run_id": "ui", "state": "success", "data_interval_start": None, "data_interval_end": None}
    text = format_report(run, {**REPORT, "interval": {"start": "A", "end": "B"}}, [])
    assert text.splitlines()[0] == "Run ui: SUCCESS  data interval A .. B"
