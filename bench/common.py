"""Shared helpers for benchmarks: timing with a same-run baseline, and generated scenarios."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path


def timings(fn: Callable[[], object], repeat: int) -> list[float]:
    """Seconds per call of ``fn``, ``repeat`` times (after one warm-up call)."""
    fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def calibration() -> float:
    """Median seconds of a fixed pure-Python workload: the same-run yardstick for this machine."""

    def work() -> int:
        total = 0
        for i in range(200_000):
            total += i * i % 7
        return total

    return statistics.median(timings(work, 5))


def big_scenario(folder: Path, actions: int, props: int, injects: int) -> Path:
    """Write a valid scenario with the given numbers of actions, props and injects."""
    (folder / "assets" / "models").mkdir(parents=True, exist_ok=True)
    shipped = Path(__file__).resolve().parents[1] / "assets" / "models" / "carton_generic.glb"
    (folder / "assets" / "models" / "box.glb").write_bytes(shipped.read_bytes())
    scenario = folder / "big" / "scenario.yaml"
    scenario.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "id: big",
        'version: "1"',
        "title: Generated",
        "summary: Generated for benchmarks",
        "objectives: [{id: o, text: Do it}]",
        "levels: [tactical]",
        "duration_minutes: 30",
        "time_limit: 3600",
        "roles: [{id: officer, name: Officer, agency: customs, playable: true}]",
        "variables:",
        "  - {id: heat, type: float, initial: 20.0, max: 500}",
        "  - {id: stage, type: int, initial: 0}",
        "  - {id: site, type: enum, values: [lane, bay], initial: lane}",
    ]
    lines += [f"  - {{id: flag{n}, type: bool, initial: false}}" for n in range(100)]
    lines.append("props:")
    lines += [
        f"  - {{id: prop{n}, name: Prop {n}, asset: models/box.glb, position: [{n}, 0, 0]}}"
        for n in range(props)
    ]
    lines.append("actions:")
    for n in range(actions):
        lines += [
            f"  - id: act{n}",
            "    verb: inspect",
            f"    label: Inspect item {n}",
            "    roles: [officer]",
            f"    target: prop{n % max(1, props)}",
            f"    when: not flag{n % 100} or stage >= {n % 7} and heat < 400",
            "    repeatable: true",
            f"    effects: {{set: {{flag{n % 100}: true}}, add: {{stage: 1}}}}",
        ]
    lines.append("injects:")
    for n in range(injects):
        trigger = f"{{at: {n * 30}}}" if n % 2 else f"{{when: stage >= {n} and flag{n % 100}}}"
        lines += [
            f"  - id: inj{n}",
            f"    number: {n + 1}",
            f"    trigger: {trigger}",
            "    delivery: radio",
            "    originator: officer",
            "    recipient: officer",
            f"    content: Message {n}",
        ]
    lines += [
        "hazards:",
        "  - id: heat_up",
        "    name: Heat",
        "    variable: heat",
        "    rates: [{when: stage > 10, rate: 0.1}, {when: 'true', rate: 0.01}]",
        "    thresholds: [{above: 300, fire: [inj0]}]",
        "endings:",
        "  - {id: done, outcome: success, trigger: {when: stage >= 100000}, message: Done}",
        "  - {id: late, outcome: timeout, trigger: {at: 3600}, message: Late}",
    ]
    scenario.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return scenario
