"""
The run's summary: every step's JSON summary side by side, the workers of a mapped step
added up. Pure, so `make run` and the task log tell the same truthful numbers.
"""

from __future__ import annotations

from collections.abc import Mapping


def _add(total: dict, part: Mapping) -> dict:
    for key, value in part.items():
        if isinstance(value, bool):
            total[key] = (bool(total[key]) and value) if key in total else value
        elif isinstance(value, (int, float)):
            previous = total.get(key, 0)
            total[key] = (previous if isinstance(previous, (int, float)) else 0) + value
        elif isinstance(value, Mapping):
            inner = total.get(key)
            total[key] = _add(dict(inner) if isinstance(inner, Mapping) else {}, value)
        elif key not in total:
            total[key] = value
        elif total[key] != value and key == "status":
            total[key] = "mixed"
    return total


def combine_workers(summaries: list) -> dict | None:
    """One summary for N workers: counts summed, nested counts (per category) summed."""
    parts = [s for s in summaries if isinstance(s, Mapping)]
    if not parts:
        return None
    total: dict = {}
    for part in parts:
        _add(total, part)
    total["workers"] = len(parts)
    return total


def run_report(by_step: Mapping[str, object], mapped: frozenset[str] = frozenset()) -> dict:
    """
    {step: summary} in pipeline order; a skipped or absent step shows as None. Airflow
    hands back a single worker's XCom unwrapped, so mapped steps are named explicitly.
    """
    report: dict = {}
    for step, value in by_step.items():
        if value is None:
            report[step] = None
        elif isinstance(value, Mapping):
            report[step] = combine_workers([value]) if step in mapped else value
        else:
            report[step] = combine_workers(list(value))  # a list or a lazy XCom sequence
    return report


def interval_of(argv: object) -> dict | None:
    """The data interval a step ran for, read back from its argv (the plan's XCom)."""
    if not isinstance(argv, (list, tuple)):
        return None
    args = [str(a) for a in argv]
    try:
        return {"start": args[args.index("--interval-start") + 1], "end": args[args.index("--interval-end") + 1]}
    except (ValueError, IndexError):
        return None
