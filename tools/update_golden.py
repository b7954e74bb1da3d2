"""Rewrite the golden play-throughs (tests/golden/expected) after an intended change to the
core or a scenario; review the diff before committing. The golden test never writes them."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.golden.test_golden import EXPECTED, WALKTHROUGHS, golden_lines  # noqa: E402


def main() -> int:
    EXPECTED.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for n, plan_file in enumerate(WALKTHROUGHS):
            golden, lines = golden_lines(plan_file, Path(folder) / f"{n}.jsonl")
            old = golden.read_text(encoding="utf-8") if golden.exists() else ""
            new = "\n".join(lines) + "\n"
            if new != old:
                golden.write_text(new, encoding="utf-8")
                print(f"updated {golden.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
