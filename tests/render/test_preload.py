"""Loading the models while the scenario is checked, in the session's offscreen buffer."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.present.panda.preload import check_while_loading
from tests.render.conftest import SCENARIO


def window_pixels(base: Any) -> np.ndarray:
    from panda3d.core import PNMImage

    image = PNMImage()
    assert base.win.getScreenshot(image)
    return np.array([[image.getXel(x, y) for x in range(0, image.getXSize(), 16)]
                     for y in range(0, image.getYSize(), 16)])


def test_the_check_runs_beside_the_loading_and_its_result_comes_back(showbase: Any) -> None:
    from panda3d.core import Filename, ModelPool

    ran_on: list[threading.Thread] = []

    def check() -> str:
        ran_on.append(threading.current_thread())
        return "checked"

    windows, children = showbase.graphicsEngine.getNumWindows(), showbase.render.getNumChildren()
    assert check_while_loading(showbase, SCENARIO, check) == "checked"
    assert ran_on and ran_on[0] is not threading.main_thread()
    environment = SCENARIO.parents[1] / "assets" / "models" / "port_yard.glb"
    assert ModelPool.hasModel(Filename.fromOsSpecific(str(environment)))
    # Nothing is added to what is drawn: no extra buffer, nothing in the scene graph.
    assert showbase.graphicsEngine.getNumWindows() == windows
    assert showbase.render.getNumChildren() == children
    assert showbase.win.isActive()


def test_the_window_shows_nothing_of_the_loading(showbase: Any) -> None:
    showbase.taskMgr.step()
    before = window_pixels(showbase)
    check_while_loading(showbase, SCENARIO, lambda: None)
    assert np.array_equal(window_pixels(showbase), before)


def test_a_problem_found_by_the_check_reaches_the_caller(showbase: Any) -> None:
    from engine.errors import Diagnostic, TaskforceError

    def check() -> None:
        raise TaskforceError([Diagnostic("scenario.yaml", 3, 5, "SCN002", "unknown prop")])

    with pytest.raises(TaskforceError) as caught:
        check_while_loading(showbase, SCENARIO, check)
    assert caught.value.diagnostics[0].format().startswith("scenario.yaml:3:5: error SCN002")


@pytest.mark.parametrize(
    "text",
    ["", "id: x\nplace: {environment: &e models/port_yard.glb}\n",
     "place: {environment: ../../../etc/passwd.glb}\n", "place: [not, a, mapping]\n"],
    ids=["empty", "anchor", "outside-the-roots", "odd-shape"],
)
def test_a_file_the_quick_read_cannot_use_is_simply_checked(
    showbase: Any, tmp_path: Path, text: str
) -> None:
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    ran_on: list[threading.Thread] = []
    check_while_loading(showbase, tmp_path, lambda: ran_on.append(threading.current_thread()))
    assert ran_on == [threading.main_thread()]


def test_on_a_software_renderer_mipmaps_are_built_once_and_kept_in_the_model_cache(
    showbase: Any, tmp_path: Path
) -> None:
    import shutil

    from panda3d.core import BamCache, Filename, ModelPool

    from engine.present.panda.glb import load_model
    from engine.present.panda.window import is_software_renderer

    if not is_software_renderer(showbase):
        pytest.skip("the graphics driver builds mipmaps here")
    cache = BamCache.getGlobalPtr()
    if not cache.getActive() or not cache.getCacheModels():
        pytest.skip("Panda3D's model cache is off here")
    model = tmp_path / "lead_card.glb"
    shutil.copyfile(SCENARIO.parents[1] / "assets" / "models" / "lead_card.glb", model)
    loaded = load_model(showbase, model)
    textures = list(loaded.findAllTextures())
    assert textures and all(t.getNumRamMipmapImages() > 1 for t in textures if t.usesMipmaps())
    ModelPool.releaseModel(Filename.fromOsSpecific(str(model)))
    kept = cache.lookup(Filename.fromOsSpecific(str(model)), "bam")
    assert kept is not None and kept.hasData()
    again = loaded.__class__(kept.getData())  # what the next start reads, mipmaps and all
    assert all(t.getNumRamMipmapImages() > 1 for t in again.findAllTextures() if t.usesMipmaps())
