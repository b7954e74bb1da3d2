"""Grading 1,000 session logs of 10,000 events each: target ≤ 5 s (issue: grading).

Generates the logs into a temporary folder from real container-search sessions (the six
walkthroughs played through the core, with head-pose samples filling each log to 10,000 events,
about 97 % of them, written ten to a line as a 3D presenter's session writes them), then grades
them all with the hash chain verified, in worker processes across the machine's cores. Prints
the time, events per second and the ratio against same-run baselines: reading the bytes alone,
and ``json.loads`` of every line (sampled on 20 logs and scaled).

    python bench/bench_grade.py [--logs 1000] [--events 10000] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.play import play  # noqa: E402
from engine.record.store import keep_versions  # noqa: E402
from engine.scenario.loader import load_walkthrough  # noqa: E402
from engine.session import POSES_PER_LINE  # noqa: E402
from grading.cohort import grade_many, summarise  # noqa: E402
from tests.grading_support import load, scratch_project, signed_log  # noqa: E402

TARGET_S = 5.0
PLANS = ["reference", "no-ppe", "by-hand", "beside-the-gate", "late-fire-call", "battery-fire"]


def session_log(path: Path, events: list[dict[str, object]], header: dict[str, object],
                total: int) -> bytes:
    """A log of ``total`` events: the session's core events, and head-pose samples filling the
    rest, written as ``Session`` writes them (ten samples a line, flushed before any event),
    signed by the bench's own station."""
    end = max(1, int(events[-1]["t"]))  # type: ignore[call-overload]
    samples = max(0, total - len(events))
    records: list[dict[str, object]] = []
    batch: list[tuple[int, list[float], list[float]]] = []

    def flush() -> None:
        if batch:
            first = batch[0][0]
            records.append({"t": first, "k": "poses", "dt": [t - first for t, _, _ in batch],
                            "p": [p for _, p, _ in batch], "g": [g for _, _, g in batch]})
            batch.clear()

    e = 0
    for n in range(samples):
        t = end * n // max(1, samples)
        while e < len(events) and int(events[e]["t"]) <= t:  # type: ignore[call-overload]
            flush()
            records.append(events[e])
            e += 1
        batch.append((t, [round(8 - 0.004 * n % 40, 3), round(-12 + 0.003 * n % 30, 3), 1.7],
                      [round(0.6 + n / 50 % 0.4, 3), 0.8, -0.05]))
        if len(batch) == POSES_PER_LINE:
            flush()
    flush()
    records += events[e:]
    return signed_log(path, header, records).read_bytes()


def generate(folder: Path, count: int, lines: int) -> list[str]:
    scenarios = scratch_project(folder / "project")
    loaded = load(scenarios)
    variants = []
    for name in PLANS:
        plan = load_walkthrough(loaded.folder / "walkthroughs" / f"{name}.yaml", loaded)
        result = play(loaded, plan, log_path=folder / "played" / f"{name}.jsonl")
        events = [event.to_record() for event in result.events]
        kept = keep_versions(loaded.path, loaded.content_hash)  # as a session's header names
        (folder / "variants").mkdir(exist_ok=True)
        for trainee in range(4):
            header = {"scenario": loaded.scenario.id, "scenario_version": loaded.scenario.version,
                      "scenario_hash": loaded.content_hash, "scenario_path": str(loaded.path),
                      "trainee": f"trainee-{trainee}", "role": plan.role, "seed": plan.seed,
                      "engine": "bench", "plan": plan.id, "started": "2025-05-01T09:00:00Z",
                      "session": f"{name}-{trainee}", **kept}
            variant = folder / "variants" / f"{name}-{trainee}.jsonl"
            variants.append(session_log(variant, events, header, lines))
    logs = []
    (folder / "logs").mkdir()
    for n in range(count):
        path = folder / "logs" / f"session-{n:04d}.jsonl"
        path.write_bytes(variants[n % len(variants)])
        logs.append(str(path))
    return logs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--logs", type=int, default=1000)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-grade-"))
    os.environ["TASKFORCE_HOME"] = str(folder / "station")  # the bench's own key and ledger
    try:
        logs = generate(folder, args.logs, args.events)
        total_bytes = sum(os.path.getsize(p) for p in logs)
        lines_per_log = Path(logs[0]).read_bytes().count(b"\n")
        start = time.perf_counter()
        for path in logs:
            Path(path).read_bytes()
        read_s = time.perf_counter() - start
        sample = logs[:20]
        start = time.perf_counter()
        for path in sample:
            [json.loads(line) for line in Path(path).read_bytes().splitlines()]
        loads_s = (time.perf_counter() - start) * len(logs) / len(sample)
        start = time.perf_counter()
        results = grade_many(logs, {}, jobs=args.jobs)
        grade_s = time.perf_counter() - start
        summary = summarise(results)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    events = args.logs * args.events
    assert summary["graded"] == args.logs, summary["refused"][:3]
    print(f"{args.logs} logs x {args.events} events in ~{lines_per_log} lines each "
          f"({total_bytes / 2**20:.0f} MiB), "
          f"{args.jobs} worker processes, {os.cpu_count()} CPUs")
    print(f"baseline, read the bytes only:        {read_s:6.2f} s")
    print(f"baseline, json.loads every line (1 CPU, est.): {loads_s:6.2f} s")
    print(f"grade all, chain verified:            {grade_s:6.2f} s  "
          f"({events / grade_s / 1e6:.2f} M events/s; x{grade_s / read_s:.1f} of reading, "
          f"x{grade_s / loads_s:.2f} of json.loads; target {TARGET_S:.0f} s: "
          f"{'met' if grade_s <= TARGET_S else 'MISSED'})")
    print(f"pass rate {summary['pass_rate']:.0%}; overall {summary['overall']}")


if __name__ == "__main__":
    main()
