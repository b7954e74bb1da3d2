"""Grading 1,000 session logs of 10,000 events each: target ≤ 5 s (issue: grading).

Generates the logs into a temporary folder from real container-search sessions (the six
walkthroughs played through the core, with head-pose samples filling each log to 10,000 lines,
about 97 % of them, as a 3D presenter records them), then grades them all with the hash chain
verified, in worker processes across the machine's cores. Prints the time, events per second
and the ratio against same-run baselines: reading the bytes alone, and ``json.loads`` of every
line (sampled on 20 logs and scaled).

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
from engine.record.log import ZERO_HASH, encode_line  # noqa: E402
from engine.scenario.loader import load_walkthrough  # noqa: E402
from grading.cohort import grade_many, summarise  # noqa: E402
from tests.grading_support import load, scratch_project  # noqa: E402

TARGET_S = 5.0
PLANS = ["reference", "no-ppe", "by-hand", "beside-the-gate", "late-fire-call", "battery-fire"]


def session_log(events: list[dict[str, object]], header: dict[str, object], lines: int) -> bytes:
    """A log of exactly ``lines`` records after the header: the events, poses in between."""
    end = max(1, int(events[-1]["t"]))  # type: ignore[call-overload]
    poses = max(0, lines - len(events))
    records: list[dict[str, object]] = []
    e = 0
    for n in range(poses):
        t = end * n // max(1, poses)
        while e < len(events) and int(events[e]["t"]) <= t:  # type: ignore[call-overload]
            records.append(events[e])
            e += 1
        angle = n / 50
        records.append({"t": t, "k": "pose", "p": [round(8 - 0.004 * n % 40, 3),
                        round(-12 + 0.003 * n % 30, 3), 1.7],
                        "g": [round(0.6 + angle % 0.4, 3), 0.8, -0.05]})
    records += events[e:]
    out, prev = [], ZERO_HASH
    line, prev = encode_line(prev, {"i": 0, "k": "header", "format": 1, **header})
    out.append(line)
    for i, record in enumerate(records[:lines], 1):
        line, prev = encode_line(prev, {"i": i, **record})
        out.append(line)
    return b"".join(out)


def generate(folder: Path, count: int, lines: int) -> list[str]:
    scenarios = scratch_project(folder / "project")
    loaded = load(scenarios)
    variants = []
    for name in PLANS:
        plan = load_walkthrough(loaded.folder / "walkthroughs" / f"{name}.yaml", loaded)
        result = play(loaded, plan, log_path=folder / "played" / f"{name}.jsonl")
        events = [event.to_record() for event in result.events]
        for trainee in range(4):
            header = {"scenario": loaded.scenario.id, "scenario_version": loaded.scenario.version,
                      "scenario_hash": loaded.content_hash, "scenario_path": str(loaded.path),
                      "trainee": f"trainee-{trainee}", "role": plan.role, "seed": plan.seed,
                      "engine": "bench", "plan": plan.id, "started": "2025-05-01T09:00:00Z",
                      "session": f"{name}-{trainee}"}
            variants.append(session_log(events, header, lines - 1))
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
    try:
        logs = generate(folder, args.logs, args.events)
        total_bytes = sum(os.path.getsize(p) for p in logs)
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
    print(f"{args.logs} logs x {args.events} events ({total_bytes / 2**20:.0f} MiB), "
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
