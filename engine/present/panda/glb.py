"""Checking a binary glTF file before Panda3D's loader reads it, so a broken asset is one clear
line rather than the loader's traceback."""

from __future__ import annotations

import struct
from pathlib import Path


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
