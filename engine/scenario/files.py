"""Where a scenario's files are, worked out from paths alone (no parsing, no validation)."""

from __future__ import annotations

import os
from pathlib import Path


def display(path: Path) -> str:
    """A path as trainers should see it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def scenario_file(path: str | Path) -> Path:
    """The scenario file a path names: the path itself, or ``scenario.yaml`` in a folder."""
    target = Path(path)
    return target / "scenario.yaml" if target.is_dir() else target


SHIPPED_ASSETS = Path(__file__).resolve().parents[2] / "assets"
ASSETS_VARIABLE = "TASKFORCE_ASSETS"


def asset_roots(scenario_file: Path) -> list[Path]:
    """Where a scenario's asset paths may point, first match wins: its own folder; the nearest
    ``assets/`` folder above it; each folder in ``TASKFORCE_ASSETS`` (separated like PATH);
    and the engine's own shipped ``assets/``, so a scenario kept anywhere finds the library."""
    folder = scenario_file.resolve().parent
    roots = [folder]
    for parent in [folder, *folder.parents]:
        if (parent / "assets").is_dir():
            roots.append(parent / "assets")
            break
    extra = os.environ.get(ASSETS_VARIABLE, "")
    roots += [Path(p).expanduser().resolve() for p in extra.split(os.pathsep) if p.strip()]
    if SHIPPED_ASSETS.is_dir():
        roots.append(SHIPPED_ASSETS)
    return list(dict.fromkeys(roots))
