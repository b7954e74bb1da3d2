"""Where a scenario's files are, worked out from paths alone (no parsing, no validation)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePath

MAX_NAME_BYTES = 255


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


def contained(path: Path, roots: Sequence[Path]) -> Path | None:
    """``path`` with every symlink resolved, if it stays inside one of ``roots`` (resolved
    too); None when it leaves them or cannot be resolved (too long, a loop, a NUL byte).

    The one place a path from a file (an asset, a log's scenario, a checklist) is checked
    against the folders it may name: nothing outside them is opened.
    """
    try:
        real = path.resolve()
        for root in roots:
            base = root.resolve()
            if real == base or real.is_relative_to(base):
                return real
    except (OSError, ValueError, RuntimeError):
        return None
    return None


def contained_file(path: Path, roots: Sequence[Path]) -> Path | None:
    """Like ``contained``, and only if it is a regular file."""
    real = contained(path, roots)
    try:
        return real if real is not None and real.is_file() else None
    except (OSError, ValueError):
        return None


def find_asset(relative: str, roots: Sequence[Path]) -> Path | None:
    """The file an asset path names in the first root that holds it, symlinks resolved and
    kept inside that root; None when no root holds it."""
    for root in roots:
        found = contained_file(root / relative, [root])
        if found is not None:
            return found
    return None


def asset_name_problem(relative: PurePath) -> str | None:
    """Why a relative asset path can be no file's name (a control character, a part longer
    than file systems allow), or None."""
    for part in relative.parts:
        if any(ord(c) < 32 or ord(c) == 127 for c in part):
            return "holds a control character"
        if len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            return f"has a part longer than {MAX_NAME_BYTES} bytes, which no file system allows"
    return None
