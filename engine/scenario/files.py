"""Where a scenario's files are, worked out from paths alone (no parsing, no validation)."""

from __future__ import annotations

import os
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
    kept inside that root; None when no root holds it, or the first that does holds a link
    out of itself (see ``asset_leaves_root``)."""
    for root in roots:
        candidate = root / relative
        if _exists(candidate):
            return contained_file(candidate, [root])
    return None


def asset_leaves_root(relative: str, roots: Sequence[Path]) -> bool:
    """Whether the first root holding the asset holds a link that leaves it."""
    for root in roots:
        candidate = root / relative
        if _exists(candidate):
            return contained(candidate, [root]) is None
    return False


def _exists(path: Path) -> bool:
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def asset_name_problem(relative: PurePath) -> str | None:
    """Why a relative asset path can be no file's name (a control character, a part longer
    than file systems allow), or None."""
    for part in relative.parts:
        if any(ord(c) < 32 or ord(c) == 127 for c in part):
            return "holds a control character"
        if len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            return f"has a part longer than {MAX_NAME_BYTES} bytes, which no file system allows"
    return None
