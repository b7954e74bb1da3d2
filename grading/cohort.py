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
from grading.grade import NOT_RATED, RATINGS, Grader
from grading.guidance import GUIDANCE

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
    # capability, item, critical or essential, status, guidance ids
    items: tuple[tuple[str, str, bool, str, tuple[str, ...]], ...] = ()
    trainee: str = ""
    session: str = ""
    started: str = ""
    finished: bool = False


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
        items=tuple((r.capability.id, r.item.id, r.item.critical or r.item.essential, r.status,
                     tuple(r.item.guidance)) for r in report.results),
        trainee=str(report.header.get("trainee") or ""),
        session=str(report.header.get("session") or ""),
        started=str(report.header.get("started") or ""),
        finished=report.finished,
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
    item_order: dict[tuple[str, str], tuple[bool, tuple[str, ...]]] = {}
    counts: dict[tuple[str, str], Counter[str]] = {}
    distribution: dict[str, Counter[str]] = {}
    for r in graded:
        for capability, rating in r.ratings:
            distribution.setdefault(capability, Counter())[rating] += 1
        for capability, item, critical, status, guidance in r.items:
            item_order.setdefault((capability, item), (critical, guidance))
            counts.setdefault((capability, item), Counter())[status] += 1
    total = len(graded)
    items: list[dict[str, Any]] = []
    for (c, i), (critical, guidance) in item_order.items():
        n = counts[(c, i)]
        observed = n["met"] + n["missed"]
        items.append({"capability": c, "item": i, "critical": critical,
                      "guidance": [{"id": g, "text": GUIDANCE.get(g, "")} for g in guidance],
                      "met": n["met"], "missed": n["missed"], "not_observed": n["not_observed"],
                      "pass_rate": round(n["met"] / observed, 4) if observed else None})
    ranked = sorted((m for m in items if m["missed"]),
                    key=lambda m: (-m["missed"], not m["critical"]))[:10]
    return {
        "schema": "taskforce-grade-summary/2",
        "logs": len(results),
        "graded": total,
        "refused": [{"log": r.log, "error": r.error} for r in results if r.error is not None],
        "forced": sum(r.forced for r in graded),
        "unfinished": sum(r.unfinished for r in graded),
        "without_ending": sum(not r.finished for r in graded),
        "passed": sum(r.passed for r in graded),
        "pass_rate": round(sum(r.passed for r in graded) / total, 4) if total else None,
        "overall": {k: sum(r.overall == k for r in graded) for k in (*RATINGS, NOT_RATED)},
        "capabilities": {c: {k: counts_[k] for k in (*RATINGS, NOT_RATED)}
                         for c, counts_ in distribution.items()},
        "items": items,
        "most_missed": [{"capability": m["capability"], "item": m["item"],
                         "missed": m["missed"], "critical": m["critical"],
                         "guidance": m["guidance"]} for m in ranked],
        "trainees": [
            {"trainee": r.trainee, "session": r.session, "started": r.started, "log": r.log,
             "overall": r.overall, "passed": r.passed, "finished": r.finished,
             "forced": r.forced, "unfinished": r.unfinished, "ratings": dict(r.ratings),
             "missed": sum(s == "missed" for _, _, _, s, _ in r.items),
             "not_observed": sum(s == "not_observed" for _, _, _, s, _ in r.items)}
            for r in sorted(graded, key=lambda g: (g.trainee, g.started, g.session))],
    }


LEGEND = ("P/S/M/U: performed without / with some / with major challenges / unable; N: not "
          "rated (too little observed). !: a critical or essential task. pass rate: met among "
          "the sessions that observed the task; n/o: sessions where it was not observed. "
          "no ending: the session stopped before an ending; never closed: the log has no closing "
          "line; forced: graded despite a broken hash chain.")


def render_summary_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, sort_keys=True, indent=2) + "\n"


def render_summary_text(summary: dict[str, Any]) -> str:
    total = summary["graded"]
    rate = summary["pass_rate"]
    lines = [f"{summary['logs']} logs, {total} graded, {len(summary['refused'])} refused; "
             f"passed {summary['passed']}/{total}" + (f" ({rate:.0%})" if rate is not None else "")]
    ratings = (*RATINGS, NOT_RATED)
    lines.append("overall ratings: " + "  ".join(f"{k} {summary['overall'][k]}" for k in ratings))
    if summary["unfinished"]:
        lines.append(f"{summary['unfinished']} never closed (a crash, or lines missing from the "
                     "end): rated on what they record")
    if summary["without_ending"]:
        lines.append(f"{summary['without_ending']} with no ending: not passed, whatever the "
                     "ratings")
    capabilities = list(summary["capabilities"])
    lines += ["", f"{'trainee':<22} {'overall':<8} {'result':<10} " + " ".join(
        f"{c[:10]:>10}" for c in capabilities) + "  missed  n/o"]
    for row in summary["trainees"]:
        result = "passed" if row["passed"] else "no ending" if not row["finished"] else "not passed"
        lines.append(f"{row['trainee'][:22]:<22} {row['overall']:<8} {result:<10} " + " ".join(
            f"{row['ratings'].get(c, '-'):>10}" for c in capabilities)
            + f"  {row['missed']:>6} {row['not_observed']:>4}")
    lines += ["", f"{'capability':<24} " + " ".join(f"{k:>5}" for k in ratings)]
    for capability, counts in summary["capabilities"].items():
        lines.append(f"{capability:<24} " + " ".join(f"{counts[k]:>5}" for k in ratings))
    lines += ["", f"{'task':<34} {'pass rate':>9} {'n/o':>4}"]
    for item in summary["items"]:
        mark = " !" if item["critical"] else "  "
        shown = "-" if item["pass_rate"] is None else f"{item['pass_rate']:.0%}"
        lines.append(f"{item['item']:<32}{mark} {shown:>9} {item['not_observed']:>4}")
    if summary["most_missed"]:
        lines += ["", "most missed:"]
        lines += [f"  {m['item']} ({m['missed']}): " + "; ".join(
            f"{g['id']} {g['text']}" for g in m["guidance"]) for m in summary["most_missed"]]
    for refused in summary["refused"]:
        lines.append(f"refused {refused['log']}: {refused['error']}")
    lines += ["", "legend: " + LEGEND]
    return "\n".join(lines) + "\n"
