"""Grading a class: many logs in worker processes, summarised per item and per capability."""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from engine.errors import TaskforceError
from grading.grade import RATINGS, Grader

_worker_grader: Grader | None = None


@dataclass(frozen=True)
class Graded:
    """The compact result of one log, cheap to send back from a worker."""

    log: str
    error: str | None = None
    overall: str | None = None
    passed: bool = False
    forced: bool = False
    unfinished: bool = False  # the log was never closed
    ratings: tuple[tuple[str, str], ...] = ()
    items: tuple[tuple[str, str, bool, bool], ...] = ()  # capability, item, critical, met


def _init_worker(options: dict[str, Any]) -> None:
    global _worker_grader
    _worker_grader = Grader(**options)


def _grade_one(log: str) -> Graded:
    assert _worker_grader is not None
    try:
        report = _worker_grader.grade(log)
    except TaskforceError as error:
        first = error.diagnostics[-1] if error.diagnostics else None
        return Graded(log, error=first.format() if first else str(error))
    return Graded(
        log,
        overall=report.overall,
        passed=report.passed,
        forced=report.forced,
        unfinished=not report.closed,
        ratings=tuple((c.capability.id, c.rating) for c in report.capabilities),
        items=tuple((r.capability.id, r.item.id, r.item.critical or r.item.essential, r.met)
                    for r in report.results),
    )


def grade_many(
    logs: Sequence[str], options: dict[str, Any], *, jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Graded]:
    """Grade ``logs`` (in order) across ``jobs`` processes; one process when it is 1."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(logs)))
    results: list[Graded] = []
    if workers == 1:
        _init_worker(options)
        for log in logs:
            results.append(_grade_one(log))
            if progress:
                progress(len(results), len(logs))
        return results
    chunk = max(1, min(32, len(logs) // (workers * 8)))
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(options,)) as pool:
        for graded in pool.map(_grade_one, logs, chunksize=chunk):
            results.append(graded)
            if progress:
                progress(len(results), len(logs))
    return results


def progress_bar(stream: Any = None, width: int = 30) -> Callable[[int, int], None]:
    """A one-line ``[#####.....] done/total elapsed`` bar, redrawn at most ~10 times a second."""
    out = stream or sys.stderr
    started = time.perf_counter()
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.perf_counter()
        if done != total and now - last[0] < 0.1:
            return
        last[0] = now
        filled = width * done // max(1, total)
        bar = "#" * filled + "." * (width - filled)
        out.write(f"\r[{bar}] {done}/{total} logs, {now - started:.1f} s")
        if done == total:
            out.write("\n")
        out.flush()

    return show


def summarise(results: Sequence[Graded]) -> dict[str, Any]:
    graded = [r for r in results if r.error is None]
    item_order: dict[tuple[str, str], bool] = {}
    met: Counter[tuple[str, str]] = Counter()
    distribution: dict[str, Counter[str]] = {}
    for r in graded:
        for capability, rating in r.ratings:
            distribution.setdefault(capability, Counter())[rating] += 1
        for capability, item, critical, ok in r.items:
            item_order.setdefault((capability, item), critical)
            met[(capability, item)] += ok
    total = len(graded)
    items: list[dict[str, Any]] = [
        {"capability": c, "item": i, "critical": critical, "met": met[(c, i)],
         "pass_rate": round(met[(c, i)] / total, 4) if total else None}
        for (c, i), critical in item_order.items()
    ]
    ranked = sorted(((met[(c, i)], not critical, c, i) for (c, i), critical in item_order.items()
                     if met[(c, i)] < total), key=lambda x: (x[0], x[1]))[:10]
    return {
        "schema": "taskforce-grade-summary/1",
        "logs": len(results),
        "graded": total,
        "refused": [{"log": r.log, "error": r.error} for r in results if r.error is not None],
        "forced": sum(r.forced for r in graded),
        "unfinished": sum(r.unfinished for r in graded),
        "passed": sum(r.passed for r in graded),
        "pass_rate": round(sum(r.passed for r in graded) / total, 4) if total else None,
        "overall": {k: sum(r.overall == k for r in graded) for k in RATINGS},
        "capabilities": {c: {k: counts[k] for k in RATINGS} for c, counts in distribution.items()},
        "items": items,
        "most_missed": [{"capability": c, "item": i, "missed": total - n}
                        for n, _, c, i in ranked],
    }


def render_summary_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, sort_keys=True, indent=2) + "\n"


def render_summary_text(summary: dict[str, Any]) -> str:
    total = summary["graded"]
    rate = summary["pass_rate"]
    lines = [f"{summary['logs']} logs, {total} graded, {len(summary['refused'])} refused; "
             f"passed {summary['passed']}/{total}" + (f" ({rate:.0%})" if rate is not None else "")]
    lines.append("overall ratings: " + "  ".join(f"{k} {v}" for k, v in summary["overall"].items()))
    if summary["unfinished"]:
        lines.append(f"{summary['unfinished']} never closed (a crash, or lines missing from the "
                     "end): rated on what they record")
    lines += ["", f"{'capability':<24} " + " ".join(f"{k:>5}" for k in RATINGS)]
    for capability, counts in summary["capabilities"].items():
        lines.append(f"{capability:<24} " + " ".join(f"{counts[k]:>5}" for k in RATINGS))
    lines += ["", f"{'task':<34} {'pass rate':>9}"]
    for item in summary["items"]:
        mark = " !" if item["critical"] else "  "
        lines.append(f"{item['item']:<32}{mark} {item['pass_rate']:>9.0%}")
    if summary["most_missed"]:
        lines += ["", "most missed: " + ", ".join(
            f"{m['item']} ({m['missed']})" for m in summary["most_missed"])]
    for refused in summary["refused"]:
        lines.append(f"refused {refused['log']}: {refused['error']}")
    return "\n".join(lines) + "\n"
