"""
The one function that turns a pipeline step, its data interval and the run's parameters
into the `aqi` command line. Both runners (DockerOperator and the local subprocess)
execute exactly these argv lists, so a step behaves the same wherever it runs, and a
user can copy a task's argv from XCom to rerun it by hand.

Pure: no Airflow import, no I/O, no clock. Adding a step is one entry in STEP_ARGS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from datetime import datetime, timedelta, timezone

HOUR = timedelta(hours=1)
DEFAULT_GROUP = "aqi-pipeline-classify"


@dataclass(frozen=True)
class RunFacts:
    """What a DAG run knows about itself, resolved from its templates and params."""

    interval_start: datetime
    interval_end: datetime
    run_id: str
    replay: bool = False
    workers: int = 1
    group: str = DEFAULT_GROUP
    stations: tuple[str, ...] = field(default_factory=tuple)
    bounds: str | None = None
    # A backfill reprocesses the raw layer: its fetch must not ask WAQI, which serves only
    # the current hour (a backfill of an hour within fetch's grace used to sweep live data).
    backfill: bool = False


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with an explicit offset, the form every `aqi` command expects."""
    return moment.astimezone(timezone.utc).isoformat()


def _interval(f: RunFacts) -> list[str]:
    return ["--interval-start", iso(f.interval_start), "--interval-end", iso(f.interval_end)]


def _selection(f: RunFacts) -> list[str]:
    args: list[str] = []
    if f.stations:
        args += ["--stations", ",".join(f.stations)]
    if f.bounds:
        args += ["--bounds", f.bounds]
    return args


STEP_ARGS: dict[str, Callable[[RunFacts], list[str]]] = {
    "fetch": lambda f: [*_interval(f), "--run-id", f.run_id, *_selection(f), *(["--backfill"] if f.backfill else [])],
    "stage": _interval,
    "publish": lambda f: [*_interval(f), *(["--replay"] if f.replay else [])],
    "classify": lambda f: ["--group", f.group],
    "aggregate": _interval,
    "alerts": _interval,
}

# Steps that run as N parallel workers of one consumer group.
MAPPED_STEPS = frozenset({"classify"})


def step_argv(step: str, facts: RunFacts) -> list[str]:
    if step not in STEP_ARGS:
        raise ValueError(f"unknown step {step!r}; known: {', '.join(STEP_ARGS)}")
    return [step, *STEP_ARGS[step](facts)]


def plan(steps: tuple[str, ...], facts: RunFacts) -> dict[str, list[str] | list[list[str]]]:
    """Every step's argv; a mapped step gets one argv per worker."""
    out: dict[str, list[str] | list[list[str]]] = {}
    for step in steps:
        argv = step_argv(step, facts)
        out[step] = [list(argv) for _ in range(facts.workers)] if step in MAPPED_STEPS else argv
    return out


def _parse_moment(text: str | None) -> datetime | None:
    if text is None or text.strip() in ("", "None"):
        return None
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without offset: {text!r}")
    return moment.astimezone(timezone.utc)


def resolve_interval(start: str | None, end: str | None, run_after: str) -> tuple[datetime, datetime]:
    """
    The run's data interval. A manual trigger without a logical date has none: it gets
    the last complete hour before it was requested, as Airflow's own interval timetables
    infer for manual runs, so its raw rows land beside the scheduled run's.
    """
    s, e = _parse_moment(start), _parse_moment(end)
    if s is not None and e is not None:
        if e <= s:
            raise ValueError(f"empty data interval {iso(s)} .. {iso(e)}")
        return s, e
    after = _parse_moment(run_after)
    if after is None:
        raise ValueError("neither a data interval nor run_after")
    end_hour = after.replace(minute=0, second=0, microsecond=0)
    return end_hour - HOUR, end_hour


def run_kind(run_type: str) -> str:
    """'backfill' from either the enum's value or its repr ('DagRunType.BACKFILL')."""
    return str(run_type).rsplit(".", 1)[-1].lower()


def unknown_params_problem(params: Mapping[str, object], known: Iterable[str]) -> str | None:
    """
    Airflow validates the params a DAG declares and passes any other key of a trigger's
    conf through unchecked: a misspelled `statoins` would silently run a world sweep
    (~12,000 requests of quota). The reason to refuse such a run, or None.
    """
    names = sorted(known)
    unknown = sorted(k for k in params if k not in names)
    if not unknown:
        return None
    parts = []
    for key in unknown:
        close = get_close_matches(key, names, n=1, cutoff=0.6)
        parts.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    return f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(parts)}; this DAG takes {', '.join(names)}"


def facts_from_run(
    *,
    interval_start: str | None,
    interval_end: str | None,
    run_after: str,
    run_id: str,
    run_type: str,
    params: Mapping[str, object],
    group: str = DEFAULT_GROUP,
) -> RunFacts:
    """
    RunFacts from the rendered templates and the validated params. A backfill always
    replays: its readings were published by the original run, and only a replay puts
    them on Kafka again so that classify rewrites the same Cassandra rows.
    """
    start, end = resolve_interval(interval_start, interval_end, run_after)
    stations = params.get("stations") or []
    if isinstance(stations, str):
        stations = [s for s in (x.strip() for x in stations.split(",")) if s]
    bounds = params.get("bounds") or None
    return RunFacts(
        interval_start=start,
        interval_end=end,
        run_id=run_id,
        replay=bool(params.get("replay")) or run_kind(run_type) == "backfill",
        backfill=run_kind(run_type) == "backfill",
        workers=int(params.get("workers") or 1),  # type: ignore[call-overload]
        group=group,
        stations=tuple(str(s) for s in stations),  # type: ignore[union-attr]
        bounds=str(bounds) if bounds else None,
    )
