#!/usr/bin/env python3
"""Generate Task Force VR's 3D assets as binary glTF files.

    python tools/make_assets.py                 # writes assets/models/*.glb
    python tools/make_assets.py --out /tmp/x    # somewhere else
    python tools/make_assets.py container_40ft  # only some models
    python tools/make_assets.py -j 4            # build models in 4 processes

Every model is built from primitives with procedural textures; the output is
deterministic (fixed seeds, no timestamps), so re-running it reproduces the
committed files byte for byte.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # engine/present/agencies.py

from assetgen import MODELS  # noqa: E402
from assetgen.gltf import to_glb, triangle_count  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "assets" / "models"


def build(name: str) -> tuple[str, bytes, int, float]:
    """Build one model; returns (name, glb bytes, triangle count, seconds)."""
    t0 = time.perf_counter()
    root = MODELS[name]()
    return name, to_glb(root), triangle_count(root), time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", help=f"subset of: {', '.join(MODELS)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument(
        "-j", "--jobs", type=int, default=1, help="worker processes (0: one per CPU)"
    )
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    unknown = set(args.models) - set(MODELS)
    if unknown:
        parser.error(f"unknown model(s): {', '.join(sorted(unknown))}")
    names = args.models or list(MODELS)
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    jobs = args.jobs or os.cpu_count() or 1
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(build, names))
    else:
        results = [build(name) for name in names]
    for name, data, tris, seconds in results:
        (args.out / f"{name}.glb").write_bytes(data)
        if not args.quiet:
            print(f"{name:28s} {tris:6d} triangles {len(data) / 1024:7.0f} KiB {seconds:6.2f} s")
    if not args.quiet:
        print(f"{len(results)} models written to {args.out} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
