"""Text on things comes from the scenario: what a carton's label says is drawn at load time
from the scenario's own document, seen on real offscreen frames of the container search."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.core.state import Perform
from tests.render.conftest import ME, ROOT, frame, looking, screen_box, view_after
from tests.unit.test_model_checks import SCENARIO

pytest.importorskip("panda3d", reason="panda3d is not installed")

OPEN = (1000, Perform("open_container", ME))


def drawn_labels(presenter: Any, prop_id: str) -> dict[tuple[int, int], Any]:
    """The label textures the scene put on a prop, as PNMImages by their size."""
    from panda3d.core import PNMImage

    textures = presenter.scene.props[prop_id].node.findAllTextures("label")
    assert textures.getNumTextures() >= 1, f"{prop_id} shows no drawn label"
    images = {}
    for texture in textures.getTextures():
        image = PNMImage()
        assert texture.store(image)
        images[image.getXSize(), image.getYSize()] = image
    return images


def test_the_cartons_show_what_the_scenarios_label_document_says(presenter: Any,
                                                                 loaded: Any) -> None:
    from engine.present.panda.labels import BOLD, FONT, _drawn, label_surfaces, surface_size

    body = next(d.body for d in loaded.scenario.documents if d.id == "carton_label")
    shown_all = drawn_labels(presenter, "suspect_pallet")
    assert len(shown_all) == 2  # the cartons' sides and ends, each in its own proportions
    model = presenter.scene.asset("models/pallet_generic.glb")
    width, height = surface_size(label_surfaces(model)["label"])
    fonts = tuple(str(ROOT / "assets" / f) for f in (FONT, BOLD))
    expected = _drawn(body, round(width / height, 2), fonts)
    shown = shown_all[expected.getXSize(), expected.getYSize()]
    def ink(image: Any, linear: bool = False) -> list[bool]:  # where the printing is
        threshold = 0.5 ** 2.2 if linear else 0.5  # the texture reads back in linear light
        return [image.getBright(x, y) < threshold for x in range(0, image.getXSize(), 5)
                for y in range(0, image.getYSize(), 5)]

    def agree(a: list[bool], b: list[bool]) -> float:
        return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)

    assert sum(ink(shown, linear=True)) > 100
    assert agree(ink(shown, True), ink(expected)) > 0.995, "the label is not the document's text"
    other = _drawn("VOLTARA e-bike battery", round(width / height, 2), fonts)
    assert agree(ink(shown, True), ink(other)) < 0.95
    # the cargo still stowed in the container carries the same label
    assert set(drawn_labels(presenter, "stowed_cargo")) == set(shown_all)


def test_the_label_text_is_legible_on_the_carton_in_a_frame(presenter: Any, loaded: Any) -> None:
    opened = view_after(loaded, [OPEN])
    pallet = opened.prop("suspect_pallet")
    assert pallet is not None
    x, y, _ = pallet.position
    body = looking((x, y - 1.1, 0.75), (x, y, 0.7))
    image = frame(presenter, body=body, shown=opened, frames=2, dt=0.5).astype(int)
    # the middle carton of the middle layer, its label facing the camera (south)
    rows, cols = screen_box(presenter, (x - 0.15, y - 0.42, 0.64), (x + 0.15, y - 0.4, 0.75))
    label = image[rows, cols]
    brightness = label.mean(axis=2)
    paper = brightness > 150
    ink = brightness < np.median(brightness) - 40
    assert paper.mean() > 0.3, "no label paper where the label should be"
    assert 0.02 < ink.mean() < 0.5, f"no printed text on the label ({ink.mean():.3f})"


def test_a_label_is_printed_in_translation(loaded: Any) -> None:
    from engine.present.panda.labels import label_text
    from engine.present.texts import Texts

    texts = Texts(loaded.scenario)
    prop = next(p for p in loaded.scenario.props if p.id == "suspect_pallet")
    assert label_text(prop, texts) == next(d.body for d in loaded.scenario.documents
                                           if d.id == "carton_label")
    key = f"{loaded.scenario.id}/document/carton_label/body"
    texts.table[key] = "Batterie VOLTRA 36 V"
    assert label_text(prop, texts) == "Batterie VOLTRA 36 V"


def test_a_bam_model_without_a_label_surface_is_ast007_when_it_loads(showbase: Any,
                                                                      tmp_path: Path) -> None:
    from panda3d.core import Filename

    from engine.present.base import PresenterError
    from engine.present.panda.scene import Scene
    from engine.present.texts import Texts
    from engine.scenario.loader import load_scenario

    models = tmp_path / "assets" / "models"
    models.mkdir(parents=True)
    crate = showbase.loader.loadModel(Filename.fromOsSpecific(str(ROOT / "assets" / "models" /
                                                                  "pallet.glb")), noCache=True)
    assert crate.writeBamFile(Filename.fromOsSpecific(str(models / "crate.bam")))
    shutil.copytree(ROOT / "assets" / "fonts", tmp_path / "assets" / "fonts")
    folder = tmp_path / "drill"
    folder.mkdir()
    (folder / "scenario.yaml").write_text(LABELLED_BAM, encoding="utf-8")
    loaded = load_scenario(folder)  # a .bam cannot be looked into before it loads
    before = set(showbase.render.getChildren())
    try:
        with pytest.raises(PresenterError) as caught:
            Scene(showbase, loaded, Texts(loaded.scenario), None)
    finally:
        for child in set(showbase.render.getChildren()) - before:
            child.removeNode()
    assert caught.value.code == "AST007" and "crate" in caught.value.message
    assert "label" in (caught.value.hint or "")


LABELLED_BAM = SCENARIO.replace("    asset: models/mine.glb\n",
                                "    asset: models/crate.bam\n    label: {text: FRAGILE}\n")
