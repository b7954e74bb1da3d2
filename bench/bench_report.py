"""The after-action report of a 60-minute session with head poses (target < 1 s), and the class
view of 1,000 sessions (target < 10 s), each beside a baseline measured in the same run.

The 60-minute session is the container-search reference walkthrough's events spread over an
hour, with head poses at 10 Hz (36,000 samples, ten to a line as a presenter writes them). The
report is timed as ``grade --format html`` does it: read and verify the log, grade, lay out the
page with its plots. Baseline: ``json.loads`` of every line of the same log.

The class view grades 1,000 logs (the six walkthroughs, 2,000 events each) in worker processes
and lays out the summary page. Baseline: reading the same files' bytes and ``json.loads`` of
every line (sampled on 20 logs and scaled).

    python bench/bench_report.py [--minutes 60] [--hz 10] [--logs 1000] [--events 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_grade import generate, session_log  # noqa: E402

from engine.play import play  # noqa: E402
from engine.record.store import keep_versions  # noqa: E402
from engine.scenario.loader import load_walkthrough  # noqa: E402
from grading.classview import render_summary_html  # noqa: E402
from grading.cohort import grade_many, summarise  # noqa: E402
from grading.grade import Grader  # noqa: E402
from grading.html import render_html  # noqa: E402
from tests.grading_support import load, scratch_project  # noqa: E402

REPORT_TARGET_S = 1.0
CLASS_TARGET_S = 10.0


def long_session(folder: Path, minutes: int, hz: int) -> Path:
    loaded = load(scratch_project(folder / "project"))
    plan = load_walkthrough(loaded.folder / "walkthroughs" / "reference.yaml", loaded)
    result = play(loaded, plan, log_path=folder / "played.jsonl")
    events = [event.to_record() for event in result.events]
    stretch = minutes * 60_000 / max(1, int(events[-1]["t"]))  # type: ignore[call-overload]
    for event in events:
        event["t"] = round(int(event["t"]) * stretch)  # type: ignore[call-overload]
    header = {"scenario": loaded.scenario.id, "scenario_version": loaded.scenario.version,
              "scenario_hash": loaded.content_hash, "scenario_path": str(loaded.path),
              "trainee": "long-session", "role": plan.role, "seed": plan.seed, "engine": "bench",
              "started": "2025-05-01T09:00:00Z", "session": "long-session",
              **keep_versions(loaded.path, loaded.content_hash)}
    path = folder / "long.jsonl"
    session_log(path, events, header, len(events) + minutes * 60 * hz)
    return path


def best_of(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--hz", type=int, default=10)
    parser.add_argument("--logs", type=int, default=1000)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    os.environ["TASKFORCE_HOME"] = str(folder / "station")  # the bench's own key and ledger
    try:
        log = long_session(folder, args.minutes, args.hz)
        data = log.read_bytes()
        loads_s = best_of(3, lambda: [json.loads(line) for line in data.splitlines()])
        sizes: list[int] = []

        def report() -> None:
            sizes.append(len(render_html(Grader(poses=True).grade(log))))

        report_s = best_of(3, report)
        lines = len(data.splitlines())
        print(f"report of a {args.minutes}-minute session: {lines} lines, "
              f"{args.minutes * 60 * args.hz} pose samples, "
              f"page {statistics.mean(sizes) / 1e3:.0f} kB")
        print(f"  baseline, json.loads every line: {loads_s:6.3f} s")
        print(f"  read, verify, grade, lay out:    {report_s:6.3f} s  "
              f"(x{report_s / loads_s:.1f} of json.loads; target {REPORT_TARGET_S:.0f} s: "
              f"{'met' if report_s <= REPORT_TARGET_S else 'MISSED'})")
        logs = generate(folder / "class", args.logs, args.events)
        start = time.perf_counter()
        for path in logs:
            Path(path).read_bytes()
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        for path in logs[:20]:
            [json.loads(line) for line in Path(path).read_bytes().splitlines()]
        class_loads_s = (time.perf_counter() - start) * len(logs) / 20
        start = time.perf_counter()
        summary = summarise(grade_many(logs, {}, jobs=args.jobs))
        page = render_summary_html(summary)
        class_s = time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert summary["graded"] == args.logs, summary["refused"][:3]
    print(f"class view of {args.logs} sessions x {args.events} events, {args.jobs} processes, "
          f"page {len(page) / 1e3:.0f} kB")
    print(f"  baseline, read the bytes only:           {read_s:6.2f} s")
    print(f"  baseline, json.loads every line (1 CPU): {class_loads_s:6.2f} s")
    print(f"  grade all, summarise, lay out:           {class_s:6.2f} s  "
          f"(x{class_s / class_loads_s:.2f} of json.loads; target {CLASS_TARGET_S:.0f} s: "
          f"{'met' if class_s <= CLASS_TARGET_S else 'MISSED'})")


if __name__ == "__main__":
    main()
