"""Loading a model file, checked first (engine.scenario.modelfiles) so a broken asset is one
clear line that says how to fix it, rather than the loader's traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.present.base import PresenterError
from engine.scenario.files import display
from engine.scenario.modelfiles import ModelProblem, inspect_model


def load_model(base: Any, path: Path) -> Any:
    """The model at ``path``, loaded through ``base``'s loader (and kept in Panda3D's model
    pool); ``PresenterError`` RUN004 when it is not a usable model."""
    from panda3d.core import Filename

    try:
        inspect_model(path)
    except ModelProblem as problem:
        raise PresenterError("RUN004", f"asset '{display(path)}' is not a usable model "
                             f"({problem.code}): {problem.message}", problem.hint) from None
    except OSError as error:
        raise PresenterError("RUN004", f"asset '{display(path)}' cannot be read "
                             f"({error.strerror})", "check the file's permissions") from None
    try:
        return base.loader.loadModel(Filename.fromOsSpecific(str(path)))
    except Exception as error:
        raise PresenterError("RUN004", f"asset '{display(path)}' could not be loaded ({error})",
                             "export it again as glTF 2.0 binary (.glb); docs/models.md") from error
