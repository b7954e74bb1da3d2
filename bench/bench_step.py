"""Core step latency with 500 props and 50 injects: target p99 ≤ 0.3 ms (issue: foundation).

Drives the core with a realistic mix (an action every ~2 s of scenario time, frames at 60 Hz in
between) and prints p50/p99/max per call, next to a same-run calibration workload.

    python bench/bench_step.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import big_scenario, calibration, percentile  # noqa: E402

from engine.core.program import program_for  # noqa: E402
from engine.core.runtime import start, step  # noqa: E402
from engine.core.state import Perform  # noqa: E402
from engine.scenario.loader import load_scenario  # noqa: E402

TARGET_P99_MS = 0.3


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big = big_scenario(Path(tmp), actions=200, props=500, injects=50)
        program = program_for(load_scenario(big))
    frame_ms = 16
    calls: list[float] = []
    action_calls: list[float] = []
    for _run in range(3):
        state, _ = start(program, 7)
        t = 0
        for n in range(20_000):
            t += frame_ms
            request = Perform(f"act{n % 200}", "officer") if n % 120 == 0 else None
            began = time.perf_counter()
            state, _events = step(program, state, request, t)
            elapsed = time.perf_counter() - began
            (action_calls if request else calls).append(elapsed)
    everything = calls + action_calls
    yardstick = calibration()
    p99 = percentile(everything, 99) * 1000
    print("scenario: 500 props, 50 injects, 200 actions, 103 variables, 1 hazard")
    print(f"calibration workload (baseline): {yardstick * 1000:.2f} ms")
    print(
        f"frame steps:  p50 {statistics.median(calls) * 1e3:.4f} ms  "
        f"p99 {percentile(calls, 99) * 1e3:.4f} ms"
    )
    print(
        f"action steps: p50 {statistics.median(action_calls) * 1e3:.4f} ms  "
        f"p99 {percentile(action_calls, 99) * 1e3:.4f} ms"
    )
    print(
        f"all steps:    p99 {p99:.4f} ms (target {TARGET_P99_MS} ms: "
        f"{'met' if p99 <= TARGET_P99_MS else 'MISSED'}); "
        f"p99 is {p99 / (yardstick * 1000):.3f} of the calibration workload"
    )


if __name__ == "__main__":
    main()
