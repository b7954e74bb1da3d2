"""Where a scenario's files are, worked out from paths alone (no parsing, no validation)."""

from __future__ import annotations

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


def asset_roots(scenario_file: Path) -> list[Path]:
    """Where a scenario's asset paths may point: its own folder and the project's ``assets/``."""
    folder = scenario_file.resolve().parent
    roots = [folder]
    for parent in [folder, *folder.parents]:
        if (parent / "assets").is_dir():
            roots.append(parent / "assets")
            break
    return roots
