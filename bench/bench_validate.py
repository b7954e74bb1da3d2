"""Validating a scenario with 1,000 actions: target ≤ 200 ms (issue: foundation).

Prints the full validation time next to the time ``yaml.load`` with libyaml takes to load the
same file, measured alternately in the same run, so the ratio can be compared across machines.

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
        parses: list[float] = []
        fulls: list[float] = []
        for _ in range(9):  # alternate, so both see the same machine load
            parses += timings(lambda: yaml.load(text, Loader=yaml.CSafeLoader), 1)
            fulls += timings(lambda: load_scenario(path), 1)
    parse, full = statistics.median(parses), statistics.median(fulls)
    print(f"scenario: 1000 actions, {len(text) / 1024:.0f} KiB")
    print(f"yaml.load with libyaml (baseline): median {parse * 1000:6.1f} ms, "
          f"best {min(parses) * 1000:6.1f} ms")
    print(f"taskforce validate (full):         median {full * 1000:6.1f} ms, "
          f"best {min(fulls) * 1000:6.1f} ms  (x{full / parse:.2f} of the baseline; "
          f"target {TARGET_MS:.0f} ms: {'met' if full * 1000 <= TARGET_MS else 'MISSED'})")


if __name__ == "__main__":
    main()
