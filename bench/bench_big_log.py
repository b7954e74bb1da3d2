"""A 50 MB session log: peak memory of grading it ≤ 200 MB (and of verifying and replaying it).

Writes one signed log of the container-search reference session (its requests and events)
with head-pose samples filling
it to the size asked (ten samples a line, as a 3D session writes them: a day of play at
10 Hz), then runs each command in a fresh process and prints its peak resident memory beside
a baseline measured in the same run: a process that only reads the file's bytes.

    python bench/bench_big_log.py [--mb 50]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MB = 200
# The peak of this process only (VmHWM starts anew at exec; ru_maxrss would not).
HIGH_WATER = "next(int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM'))"
PEAK = f"""
import runpy, sys
sys.argv = ["taskforce", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("engine", run_name="__main__")
except SystemExit as stop:
    code = stop.code
print("PEAK", {HIGH_WATER}, code, file=sys.stderr)
"""
READ_ONLY = f"""
import sys
data = open(sys.argv[1], "rb").read()
print("PEAK", {HIGH_WATER}, 0, file=sys.stderr)
"""


def peak(code: str, *args: str) -> tuple[float, float, int]:
    """Peak resident memory (MB), seconds and exit code of one fresh process."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                            text=True, cwd=ROOT, check=False,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.perf_counter() - start
    line = next(x for x in result.stderr.splitlines() if x.startswith("PEAK"))
    _, kib, exit_code = line.split()
    return int(kib) / 1024, seconds, int(exit_code or 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=50.0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-big-log-"))
    os.environ["TASKFORCE_HOME"] = str(folder / "station")
    try:
        from bench.bench_grade import session_log
        from engine.play import play
        from engine.scenario.loader import load_scenario, load_walkthrough

        loaded = load_scenario(ROOT / "scenarios" / "container-search")
        plan = load_walkthrough(loaded.folder / "walkthroughs" / "reference.yaml", loaded)
        result = play(loaded, plan, log_path=folder / "played.jsonl")
        header = {"scenario": loaded.scenario.id, "scenario_version": loaded.scenario.version,
                  "scenario_hash": loaded.content_hash, "scenario_path": str(loaded.path),
                  "trainee": "bench", "role": plan.role, "seed": plan.seed, "engine": "bench",
                  "plan": plan.id, "started": "2025-05-01T09:00:00Z", "session": "big"}
        samples = int(args.mb * 1024 * 1024 / 47)  # about 47 bytes a sample
        log = folder / "big.jsonl"
        played = [json.loads(line) for line in result.log_path.read_bytes().splitlines()[1:]]
        lines = [{k: v for k, v in r.items() if k not in ("i", "h")} for r in played
                 if r["k"] != "signed"]  # requests and events, as the session logged them
        session_log(log, lines, header, samples)
        size = log.stat().st_size / 2**20
        count = log.read_bytes().count(b"\n")
        print(f"one signed log of {size:.0f} MiB, {count:,} lines")
        base, base_s, _ = peak(READ_ONLY, str(log))
        print(f"baseline, read the bytes only:   {base:6.0f} MB peak  {base_s:5.2f} s")
        for label, command in (
            ("grade (text)", ["grade", str(log)]),
            ("grade --format json", ["grade", str(log), "--format", "json"]),
            ("grade --format html", ["grade", str(log), "--format", "html", "--out",
                                     str(folder / "debrief.html")]),
            ("verify", ["verify", str(log)]),
            ("replay --check", ["replay", str(log), "--check"]),
        ):
            mb, seconds, code = peak(PEAK, *command)
            verdict = "" if label.startswith(("verify", "replay")) else (
                f"; target {TARGET_MB} MB: {'met' if mb <= TARGET_MB else 'MISSED'}")
            print(f"{label:<32} {mb:6.0f} MB peak  {seconds:5.2f} s  exit {code}  "
                  f"x{mb / base:.1f} of reading{verdict}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
