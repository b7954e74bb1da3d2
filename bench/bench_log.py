"""Session log throughput: appends per second (durable and not) and verification speed.

    python bench/bench_log.py [--dir DIR] [--lines 100000]

Use ``--dir`` to measure on the disk the sessions are written to (the default is a temporary
folder, which may be a RAM disk on some systems and then makes durable appends look free).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def main() -> None:
    here = Path(__file__).resolve().parent
    sys.path[:0] = [str(here), str(here.parent)]
    from common import calibration

    from engine.record.log import SessionLog, read_log, verify_log

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=None, help="where to write (default: tmp)")
    parser.add_argument("--lines", type=int, default=100_000, help="log size for verification")
    parser.add_argument("--durable-seconds", type=float, default=3.0)
    args = parser.parse_args()

    def pose(n: int) -> dict[str, list[float]]:
        # A head pose sample as the desktop and headset log it, 10 times a second.
        return {"p": [1.234 + n % 7, 1.612, -2.345], "g": [0.123, -0.456, -0.881]}

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        header = {"scenario": "bench", "trainee": "bench", "seed": 1}

        print(f"calibration           {calibration() * 1000:10.1f} ms (pure-Python yardstick)")
        elapsed = float("inf")
        for attempt in range(3):
            path = folder / f"fast{attempt}.jsonl"
            with SessionLog.create(path, header) as log:
                start = time.perf_counter()
                for n in range(args.lines):
                    log.append("pose", n * 100, pose(n))
                elapsed = min(elapsed, time.perf_counter() - start)
        size = path.stat().st_size
        line_bytes = size / (args.lines + 1)
        print(f"line size             {line_bytes:10.0f} bytes (average)")
        print(f"append, durable=False {args.lines / elapsed:10,.0f} lines/s")

        durable = folder / "durable.jsonl"
        with SessionLog.create(durable, header) as log:
            count, start = 0, time.perf_counter()
            while (elapsed := time.perf_counter() - start) < args.durable_seconds:
                log.append("pose", count * 100, pose(count), durable=True)
                count += 1
        print(f"append, durable=True  {count / elapsed:10,.0f} lines/s")

        for label, check in (("verify_log", verify_log), ("read_log", read_log)):
            best = min(_timed(check, path) for _ in range(3))
            print(
                f"{label:<21} {size / best / 1e6:10.1f} MB/s  {(args.lines + 1) / best:,.0f} "
                f"lines/s  ({args.lines + 1:,} lines, {size / 1e6:.1f} MB, {best * 1000:.0f} ms)"
            )
        assert verify_log(path) == []

        # A tampered log takes the slow path (the whole-file analysis).
        lines = path.read_bytes().splitlines(keepends=True)
        mid = len(lines) // 2
        lines[mid], lines[mid + 1] = lines[mid + 1], lines[mid]
        del lines[mid // 2]
        tampered = folder / "tampered.jsonl"
        tampered.write_bytes(b"".join(lines))
        best = min(_timed(verify_log, tampered) for _ in range(3))
        problems = verify_log(tampered)
        print(
            f"verify_log (tampered) {size / best / 1e6:10.1f} MB/s  {len(lines) / best:,.0f} "
            f"lines/s  ({len(problems)} problems found)"
        )


def _timed(run: Callable[[Path], object], path: Path) -> float:
    start = time.perf_counter()
    run(path)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
