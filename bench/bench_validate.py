"""Validating a scenario with 1,000 actions: target ≤ 200 ms (issue: foundation).

Prints the full validation time next to the time libyaml alone takes to parse the same file,
so the ratio can be compared across machines.

    python bench/bench_validate.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import big_scenario, timings  # noqa: E402

from engine.scenario.loader import load_scenario  # noqa: E402

TARGET_MS = 200.0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = big_scenario(Path(tmp), actions=1000, props=50, injects=50)
        text = path.read_bytes()
        parse = statistics.median(timings(lambda: yaml.load(text, Loader=yaml.CSafeLoader), 7))
        full = statistics.median(timings(lambda: load_scenario(path), 7))
    print(f"scenario: 1000 actions, {len(text) / 1024:.0f} KiB")
    print(f"libyaml parse alone (baseline): {parse * 1000:7.1f} ms")
    print(
        f"taskforce validate (full):      {full * 1000:7.1f} ms  "
        f"(x{full / parse:.1f} of the baseline; target {TARGET_MS:.0f} ms: "
        f"{'met' if full * 1000 <= TARGET_MS else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
