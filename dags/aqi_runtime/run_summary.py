"""
The human summary of a run, from the `report` task's XCom: what each step says it did,
never a number made up here. Pure, so it is tested with tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

ORDER = ("plan", "fetch", "stage", "publish", "classify_workers", "classify", "aggregate", "alerts", "report")
CATEGORY_ORDER = ("good", "moderate", "unhealthy_sensitive", "unhealthy", "very_unhealthy", "hazardous")


def format_states(tasks: Sequence[Mapping]) -> str:
    """'fetch success, classify running x2, ...' in pipeline order."""
    states: dict[str, Counter] = {}
    for t in tasks:
        states.setdefault(t["task_id"], Counter())[t.get("state") or "none"] += 1
    parts = []
    for task_id in sorted(states, key=lambda x: ORDER.index(x) if x in ORDER else len(ORDER)):
        counted = states[task_id]
        parts.append(f"{task_id} " + "/".join(s if n == 1 else f"{s} x{n}" for s, n in sorted(counted.items())))
    return ", ".join(parts)


def _n(value: object) -> str:
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else "?"


def _sum(values: object) -> int:
    return sum(v for v in values.values() if isinstance(v, (int, float))) if isinstance(values, Mapping) else 0


def _categories(counts: object) -> str:
    if not isinstance(counts, Mapping) or not counts:
        return "none"
    known = [c for c in CATEGORY_ORDER if c in counts] + sorted(c for c in counts if c not in CATEGORY_ORDER)
    return ", ".join(f"{c} {counts[c]}" for c in known)


def _line(label: str, step: Mapping | None, text: str) -> str:
    shown = text if step is not None else "skipped (nothing to do)"
    return f"  {label:<18}{shown}"


def _given_up_line(fetch: Mapping) -> list[str]:
    """The stations a complete run gave up on (a data-quality fact, not a failure), by name."""
    targets = [t for t in fetch.get("gaveUpTargets") or [] if isinstance(t, Mapping)]
    if not targets:
        return []
    named = ", ".join(f"{t.get('ref', '?')} ({t.get('reason', '?')})" for t in targets)
    more = (fetch.get("gaveUp") or 0) - len(targets)
    return [_line("given up", fetch, named + (f" and {more} more" if more > 0 else ""))]


def format_report(run: Mapping, report: Mapping | None, tasks: Sequence[Mapping]) -> str:
    interval = (report or {}).get("interval") or {}
    head = (
        f"Run {run.get('dag_run_id')}: {str(run.get('state')).upper()}  data interval "
        f"{run.get('data_interval_start') or interval.get('start') or '?'} .. {run.get('data_interval_end') or interval.get('end') or '?'}"
    )
    if report is None:
        return f"{head}\n  no report (the run did not finish): {format_states(tasks)}"
    fetch, stage, publish = report.get("fetch"), report.get("stage"), report.get("publish")
    classify, aggregate, alerts = report.get("classify"), report.get("aggregate"), report.get("alerts")
    f, s, p, c = fetch or {}, stage or {}, publish or {}, classify or {}
    source = "embedded WAQI simulator" if f.get("simulated") else "WAQI API (configured token / WAQI_BASE_URL)"
    lines = [
        head,
        _line("source", fetch, source),
        _line("stations fetched", fetch, f"{_n(f.get('stations'))} ({_n(f.get('requests'))} requests, {_n(f.get('gaveUp'))} given up)"),
        *_given_up_line(f),
        _line("staged", stage, f"{_n((s.get('outcomes') or {}).get('reading'))} readings ({_n(s.get('readingsInserted'))} new, "
              f"{_n(s.get('readingsUpdated'))} updated) from {_n(s.get('rawRows'))} raw responses"),
        _line("rejected", stage, f"{_sum(s.get('rejects'))}" + (f" {dict(s['rejects'])}" if s.get("rejects") else "")),
        _line("published", publish, f"{_n(p.get('published'))} to {p.get('topic', '?')}"
              + (" (replay)" if p.get("replay") else "")),
        _line("classified", classify, f"{_n(c.get('written'))} written to Cassandra keyspace {c.get('keyspace', '?')}, "
              f"{_n(c.get('deadLettered'))} dead-lettered, {_n(c.get('workers'))} workers"),
        _line("per category", classify, _categories(c.get("categories"))),
    ]
    if "aggregate" in report:
        lines.append(_line("windows", aggregate, f"{_n((aggregate or {}).get('windows'))} recomputed"))
    if "alerts" in report:
        a = alerts or {}
        lines.append(_line("alerts", alerts, f"{_n(a.get('opened'))} opened, {_n(a.get('closed'))} closed, "
                            f"{_n(a.get('openEpisodes'))} open episodes"))
    return "\n".join(lines)
