"""Finding the scenario a session log was recorded with, never outside the known folders.

A log's header names its scenario by path and by content hash. The path is a hint only: it is
followed when it lies inside a known scenario folder (the ones a trainer names, the project's
``scenarios/``, ``./scenarios``), symlinks resolved; otherwise those folders are searched for a
scenario with the logged content hash. The station's store of recorded scenario versions
(``engine.record.store``) is asked first. Nothing outside is opened, so a
hostile header cannot make a tool read, or print parts of, any other file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine.errors import Diagnostic, TaskforceError, clipped
from engine.record.store import find_version
from engine.scenario.files import contained_file
from engine.scenario.loader import content_hash

SCENARIO_FILE = "scenario.yaml"
PROJECT = Path(__file__).resolve().parents[2]
_MAX_SCENARIO_BYTES = 4 * 1024 * 1024


def scenario_roots(named: Sequence[Path] = ()) -> list[Path]:
    """The folders a log's scenario may be found in, in the order they are tried."""
    roots: list[Path] = []
    for root in [*named, PROJECT / "scenarios", Path.cwd() / "scenarios"]:
        if root not in roots and root.is_dir():
            roots.append(root)
    return roots


def logged_scenario(header: dict[str, Any], shown: str, *, named: str | Path | None = None,
                    code: str = "GRD004") -> Path:
    """The scenario file a log was recorded with: the one a trainer names (a scenario file or
    its folder), else the stored version, else one inside the known folders. ``code`` is the
    error a failed lookup raises."""
    folders: list[Path] = []
    if named is not None:
        given = Path(named)
        if given.is_file():
            return given
        if (given / SCENARIO_FILE).is_file():
            return given / SCENARIO_FILE
        if not given.is_dir():
            raise _not_found(shown, code, f"there is no scenario at '{given}' (--scenario)")
        folders.append(given)
    wanted = header.get("scenario_hash")
    stored = _stored(wanted)
    if stored is not None:
        return stored
    roots = scenario_roots(folders)
    recorded = header.get("scenario_path")
    if isinstance(recorded, str) and recorded:
        found = _inside(recorded, roots)
        if found is not None:
            return found
    by_hash = _with_hash(wanted, roots)
    if by_hash is not None:
        return by_hash
    where = ", ".join(f"'{root}'" for root in roots) or "none exists here"
    if isinstance(recorded, str) and recorded:
        message = (f"the scenario the log names, {clipped(recorded, 80)}, is not in the known "
                   f"scenario folders ({where}), and none there has its content hash")
    else:
        message = f"the log names no scenario path, and no scenario in {where} has its content"
    raise _not_found(shown, code, message)


def _not_found(shown: str, code: str, message: str) -> TaskforceError:
    hint = "pass --scenario PATH (the scenario file the session used, or a folder of scenarios)"
    return TaskforceError([Diagnostic(shown, 1, 1, code, message, hint)])


def _inside(recorded: str, roots: Sequence[Path]) -> Path | None:
    try:
        path = Path(recorded)
    except (TypeError, ValueError):
        return None
    if not path.is_absolute():
        path = Path.cwd() / path
    for candidate in (path, path / SCENARIO_FILE):
        found = contained_file(candidate, roots)
        if found is not None and found.name.endswith((".yaml", ".yml")):
            return found
    return None


def _with_hash(wanted: object, roots: Sequence[Path]) -> Path | None:
    if not isinstance(wanted, str):
        return None
    for root in roots:
        for candidate in sorted(root.glob(f"*/{SCENARIO_FILE}")):
            found = contained_file(candidate, [root])
            try:
                if (found is not None and found.stat().st_size <= _MAX_SCENARIO_BYTES
                        and content_hash(found.read_bytes()) == wanted):
                    return found
            except OSError:
                continue
    return None


def _stored(wanted: object) -> Path | None:
    """The recorded version with this content hash, from the station's store."""
    return find_version(wanted)
