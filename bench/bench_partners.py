"""Core step latency with the engine playing partners: the container search played solo
(behaviours, requests, moving props, a crowd) against the same scenario with every playable
role played by a person, in one run. Target: solo p99 <= 0.3 ms, like any core step.

    python bench/bench_partners.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import calibration, percentile  # noqa: E402

from engine.core.plan import planned_requests  # noqa: E402
from engine.core.program import program_for  # noqa: E402
from engine.core.runtime import start, step  # noqa: E402
from engine.scenario.loader import load_scenario, load_walkthrough  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "container-search"
TARGET_P99_MS = 0.3


def steps(people: set[str] | None, plan_name: str) -> list[float]:
    loaded = load_scenario(SCENARIO)
    program = program_for(loaded)
    plan = load_walkthrough(SCENARIO / "walkthroughs" / f"{plan_name}.yaml", loaded)
    requests = list(planned_requests(plan))
    took: list[float] = []
    for _run in range(3):
        state, _ = start(program, 1, people)
        pending, t = list(requests), 0
        while t < 600_000:
            t += 16
            request = pending.pop(0)[1] if pending and pending[0][0] <= t else None
            began = time.perf_counter()
            state, _ = step(program, state, request, t)
            took.append(time.perf_counter() - began)
    return took


def main() -> None:
    solo = steps({"customs_officer"}, "solo-customs")
    team = steps(None, "reference")
    yardstick = calibration()
    print("container search, 10 scenario minutes at 60 Hz, 3 runs each")
    print(f"calibration workload (baseline): {yardstick * 1000:.2f} ms")
    for name, took in (("customs and police by people", team), ("customs alone", solo)):
        print(f"{name:30s} p50 {statistics.median(took) * 1e3:.4f} ms  "
              f"p99 {percentile(took, 99) * 1e3:.4f} ms")
    p99 = percentile(solo, 99) * 1000
    ratio = p99 / (percentile(team, 99) * 1000)
    print(f"solo p99 {p99:.4f} ms (target {TARGET_P99_MS} ms: "
          f"{'met' if p99 <= TARGET_P99_MS else 'MISSED'}); {ratio:.2f}x the two-person p99")


if __name__ == "__main__":
    main()
