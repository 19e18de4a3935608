"""The run report: summaries side by side, mapped workers added up."""

from __future__ import annotations

from aqi_runtime.report import combine_workers, interval_of, run_report


def test_workers_are_summed_key_by_key_including_nested_counts():
    workers = [
        {"step": "classify", "status": "ok", "consumed": 10, "written": 9, "categories": {"Good": 4, "Moderate": 5}},
        {"step": "classify", "status": "ok", "consumed": 5, "written": 5, "categories": {"Good": 1, "Hazardous": 4}},
    ]
    assert combine_workers(workers) == {
        "step": "classify",
        "status": "ok",
        "consumed": 15,
        "written": 14,
        "categories": {"Good": 5, "Moderate": 5, "Hazardous": 4},
        "workers": 2,
    }


def test_different_statuses_show_as_mixed_and_missing_workers_are_ignored():
    combined = combine_workers([{"status": "ok", "n": 1}, None, {"status": "skipped", "n": 0}])
    assert combined == {"status": "mixed", "n": 1, "workers": 2}


def test_no_worker_summary_gives_none():
    assert combine_workers([None, None]) is None


def test_run_report_keeps_step_order_and_skipped_steps():
    report = run_report(
        {
            "fetch": None,
            "stage": {"step": "stage", "readings": 7},
            "classify": [{"written": 3}, {"written": 4}],
        }
    )
    assert list(report) == ["fetch", "stage", "classify"]
    assert report == {"fetch": None, "stage": {"step": "stage", "readings": 7}, "classify": {"written": 7, "workers": 2}}


def test_a_single_worker_of_a_mapped_step_is_still_counted_as_one_worker():
    report = run_report({"classify": {"written": 3}, "stage": {"rawRows": 2}}, frozenset({"classify"}))
    assert report == {"classify": {"written": 3, "workers": 1}, "stage": {"rawRows": 2}}


def test_interval_of_reads_the_interval_back_from_an_argv():
    argv = ["stage", "--interval-start", "2026-03-01T10:00:00+00:00", "--interval-end", "2026-03-01T11:00:00+00:00"]
    assert interval_of(argv) == {"start": "2026-03-01T10:00:00+00:00", "end": "2026-03-01T11:00:00+00:00"}
    assert interval_of(["classify", "--group", "g"]) is None
    assert interval_of(None) is None
