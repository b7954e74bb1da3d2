"""Start loading a scenario's models on Panda3D's loader thread before the scenario is checked.

Checking a scenario imports and runs the authoring layer (pydantic), which takes about as long
as loading the models; doing both at once shortens the time to the first frame. Only files
that exist and look like models are queued; the checked scenario still decides what is used.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Any

from panda3d.core import Filename, Loader, LoaderOptions

_NAMED = re.compile(r"""\b(?:asset|environment):\s*["']?([\w./-]+\.(?:glb|gltf|bam|egg))""")


def peek_assets(scenario: Path) -> list[Path]:
    """The model files a scenario seems to name, found by a quick scan, not a parse."""
    target = scenario / "scenario.yaml" if scenario.is_dir() else scenario
    try:
        named = _NAMED.findall(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):  # reported by the real check a moment later
        return []
    folder = target.resolve().parent
    shared = [p / "assets" for p in [folder, *folder.parents] if (p / "assets").is_dir()]
    roots = [folder, *shared[:1]]
    found: list[Path] = []
    for relative in named:
        if ".." in relative:
            continue
        path = next((r / relative for r in roots if (r / relative).is_file()), None)
        if path is not None and path not in found:
            found.append(path)
    return found


def prefetch(paths: list[Path], usable: Any) -> dict[Path, Any]:
    """Queue each path that ``usable(path)`` accepts; returns the pending requests by path."""
    loader = Loader.getGlobalPtr()
    requests: dict[Path, Any] = {}
    for path in paths:
        if usable(path):
            request = loader.makeAsyncRequest(Filename.fromOsSpecific(str(path)), LoaderOptions())
            loader.loadAsync(request)
            requests[path] = request
    return requests


def glb_problem(path: Path) -> str | None:
    """Why a binary glTF file cannot load, checked before Panda3D's loader prints a traceback."""
    with path.open("rb") as file:
        head = file.read(20)
    if len(head) < 20 or head[:4] != b"glTF":
        return "it is not a binary glTF (.glb) file"
    version, length, chunk, kind = struct.unpack("<III4s", head[4:20])
    if version != 2:
        return f"glTF version {version}; version 2 is needed"
    if length != path.stat().st_size:
        return f"it is truncated ({path.stat().st_size} of {length} bytes)"
    if kind != b"JSON" or chunk > length - 20:
        return "its first chunk is not the JSON scene description"
    return None
