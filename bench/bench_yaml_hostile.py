"""How fast hostile YAML is refused, how much memory that takes, and how fast a big file loads.

Run: ``python bench/bench_yaml_hostile.py``. Each hostile input is parsed in a fresh process so
its peak RSS is its own; the valid 300 KB file is loaded repeatedly in this process.
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from engine.errors import TaskforceError  # noqa: E402
from engine.scenario.yamlsource import MAX_BYTES, load_yaml, parse_yaml  # noqa: E402


def _laughs() -> bytes:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


HOSTILE: dict[str, Callable[[], bytes]] = {
    "billion laughs": _laughs,
    "10,000-deep [[[...]]]": lambda: ("x: " + "[" * 10_000 + "]" * 10_000).encode(),
    "10,000-deep a: {a: {...}}": lambda: ("a: {" * 10_000 + "}" * 10_000).encode(),
    "random binary (1 MiB)": lambda: random.Random(7).randbytes(1 << 20),
    "latin-1 text": lambda: ("title: Café\n" * 1000).encode("latin-1"),
    "NUL in the middle": lambda: b"a: 1\n" * 1000 + b"b: \x00\n" + b"c: 2\n" * 1000,
    "!!python/object/apply": lambda: b"cmd: !!python/object/apply:os.system ['echo hi']\n",
    "top-level list": lambda: b"- a\n" * 1000,
}


def valid_scenario(size: int = 300_000) -> bytes:
    parts = ["id: big\ntitle: A large scenario\ninjects:\n"]
    total, i = len(parts[0]), 0
    while total < size:
        part = (
            f"  - id: inject_{i}\n    at: {i * 30}\n    role: analyst\n    text: >\n"
            f"      A folded description of inject {i}, with some words in it.\n"
            f"    options: [a, b, c, {{id: x{i}, weight: 1.5}}]\n"
            f'    when: "score >= {i}"\n    enabled: true\n'
        )
        parts.append(part)
        total, i = total + len(part), i + 1
    return "".join(parts).encode()


def one(name: str, path: str) -> None:
    """Child mode: refuse one input and print timing and memory as JSON."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        load_yaml(path, display_path="hostile.yaml")
        first = "LOADED (not refused!)"
    except TaskforceError as error:
        first = error.diagnostics[0].format().splitlines()[0]
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"ms": elapsed * 1000, "rss0": before, "rss": after, "first": first}))


def main() -> None:
    print(f"python {sys.version.split()[0]}, limit {MAX_BYTES:,} bytes")
    with tempfile.TemporaryDirectory() as tmp:
        cases = dict(HOSTILE)
        big = Path(tmp, "huge.yaml")
        with open(big, "wb") as handle:
            handle.truncate(MAX_BYTES * 16)
        for name, make in [*cases.items(), ("64 MiB sparse file", None)]:
            path = big if make is None else Path(tmp, "case.yaml")
            if make is not None:
                path.write_bytes(make())
            out = subprocess.run(
                [sys.executable, __file__, "--one", name, str(path)],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
            r = json.loads(out.stdout)
            print(
                f"{name:28} refused in {r['ms']:7.2f} ms  peak RSS {r['rss'] / 1024:6.1f} MiB "
                f"(+{(r['rss'] - r['rss0']) / 1024:5.1f})  {r['first'][:70]}"
            )
    data = valid_scenario()
    text = data.decode()

    def events_only() -> None:
        loader = yaml.CSafeLoader(text)
        while loader.get_event() is not None:
            pass

    runs: dict[str, Callable[[], object]] = {
        "parse_yaml": lambda: parse_yaml(data, "big.yaml"),
        "libyaml events alone": events_only,
        "yaml.load(CSafeLoader)": lambda: yaml.load(text, Loader=yaml.CSafeLoader),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(20):  # interleaved, so background load affects all three alike
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append((time.perf_counter() - start) * 1000)
    print(f"valid {len(data):,}-byte file, {len(times['parse_yaml'])} loads each:")
    for name, values in times.items():
        print(f"  {name:24} median {statistics.median(values):6.1f} ms, best {min(values):6.1f} ms")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        one(sys.argv[2], sys.argv[3])
    else:
        main()
