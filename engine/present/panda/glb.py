"""Loading a model file, checking a binary glTF before Panda3D's loader reads it, so a broken
asset is one clear line rather than the loader's traceback."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

from engine.present.base import PresenterError
from engine.scenario.files import display


def load_model(base: Any, path: Path) -> Any:
    """The model at ``path``, loaded through ``base``'s loader (and kept in Panda3D's model
    pool); ``PresenterError`` RUN004 when it is not a usable model."""
    from panda3d.core import Filename

    problem = glb_problem(path) if path.suffix.lower() == ".glb" else None
    if problem is not None:
        raise PresenterError("RUN004", f"asset '{display(path)}' is not a usable model: "
                             f"{problem}", "regenerate it: python tools/make_assets.py")
    try:
        return base.loader.loadModel(Filename.fromOsSpecific(str(path)))
    except Exception as error:
        raise PresenterError("RUN004", f"asset '{display(path)}' could not be loaded ({error})",
                             "regenerate it: python tools/make_assets.py") from error


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
