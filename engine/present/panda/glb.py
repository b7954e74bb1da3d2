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
        model = base.loader.loadModel(Filename.fromOsSpecific(str(path)))
    except Exception as error:
        raise PresenterError("RUN004", f"asset '{display(path)}' could not be loaded ({error})",
                             "export it again as glTF 2.0 binary (.glb); docs/models.md") from error
    _keep_mipmaps(path, model)
    return model


def _keep_mipmaps(path: Path, model: Any) -> None:
    """Where Panda3D builds mipmaps itself (see ``window.open_base``), build them once for the
    model's textures and keep them in its model cache, so that later starts only read them."""
    from panda3d.core import BamCache, ConfigVariableBool, Filename

    if ConfigVariableBool("driver-generate-mipmaps", True).getValue():
        return
    built = False
    for texture in model.findAllTextures():
        if (texture.usesMipmaps() and texture.hasRamImage()
                and texture.getNumRamMipmapImages() <= 1):
            texture.generateRamMipmapImages()
            built = True
    cache = BamCache.getGlobalPtr()
    if not built or not cache.getActive() or not cache.getCacheModels():
        return
    record = cache.lookup(Filename.fromOsSpecific(str(path)), "bam")
    if record is not None:
        record.setData(model.node())
        cache.store(record)
