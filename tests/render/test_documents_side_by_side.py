"""Two documents compared side by side, and documents received on an inject read again from R,
in the medicine check, through the presenter a trainee uses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from engine.core.program import program_for
from engine.core.state import Perform
from engine.core.view import View, view
from tests.render.conftest import ROOT, frame, state_after

ME = "customs_officer"
RECORD = "Meridia Pharma product record, Vasorin 100 mg"


@pytest.fixture(scope="module")
def medicine(showbase: Any) -> Iterator[tuple[Any, Any]]:
    from engine.present.panda.presenter import PandaPresenter
    from engine.present.panda.window import WindowSpec
    from engine.scenario.loader import load_scenario

    loaded = load_scenario(ROOT / "scenarios" / "medicine-check")
    size = (showbase.win.getXSize(), showbase.win.getYSize())
    shown = PandaPresenter(loaded, ME, WindowSpec("offscreen", *size), base=showbase)
    shown.picking = False
    yield loaded, shown
    shown.close()


def _view(loaded: Any, *requests: str, until_ms: int) -> View:
    plan = [(1000 * (n + 1), Perform(action, ME)) for n, action in enumerate(requests)]
    state = state_after(loaded, [*plan, (until_ms, None)])
    return view(program_for(loaded), state, ME)


def _texts(node: Any) -> dict[str, tuple[Any, Any]]:
    return {t.node().getText(): t.getTightBounds(node) for t in node.findAllMatches("**/+TextNode")}


def test_the_pack_is_read_beside_the_record_once_the_record_has_come(
    medicine: tuple[Any, Any],
) -> None:
    loaded, presenter = medicine
    before = _view(loaded, "wear_gloves", "open_parcel", "examine_pack", until_ms=5000)
    frame(presenter, before, frames=1)
    presenter.read("medicine_pack")
    assert presenter.hud.panel is not None and presenter.hud.panel.aside == ""
    presenter.hud.close_panel()
    after = _view(loaded, "wear_gloves", "open_parcel", "examine_pack", "request_product_record",
                  until_ms=130_000)
    frame(presenter, after, frames=1)
    presenter.read("medicine_pack")
    panel = presenter.hud.panel
    assert panel is not None and RECORD in panel.aside and "The pack in hand" in panel.body
    texts = _texts(presenter.hud.panel_frame)
    pack = next(box for text, box in texts.items() if "8 tablets" in text)
    record = next(box for text, box in texts.items() if "Packs of 4 tablets" in text)
    assert pack[1].x < record[0].x  # two columns: the pack ends before the record begins
    assert abs(pack[1].z - record[1].z) < 0.01  # and both start on the same line
    presenter.hud.close_panel()


def test_a_received_record_is_offered_again_on_the_radio_menu(
    medicine: tuple[Any, Any],
) -> None:
    loaded, presenter = medicine
    after = _view(loaded, "wear_gloves", "open_parcel", "examine_pack", "request_product_record",
                  until_ms=130_000)
    frame(presenter, after, frames=1)
    presenter.radio()
    panel = presenter.hud.panel
    assert panel is not None and panel.kind == "radio"
    labels = [label for label, _ in panel.options]
    assert f"Read: {RECORD}" in labels
    presenter.hud.choose(labels.index(f"Read: {RECORD}") + 1)
    reading = presenter.hud.panel
    assert reading is not None and reading.kind == "document"
    assert "Packs of 8: product code 05012345678924." in reading.body
    presenter.hud.close_panel()


def test_the_card_of_an_inject_names_what_came_with_it(medicine: tuple[Any, Any]) -> None:
    from engine.core.state import Event

    loaded, presenter = medicine
    arrived = program_for(loaded).inject_index["record_arrives"]
    presenter.notify([Event(120_000, "inject_fired", arrived.data)])
    card = presenter.hud.cards[0]
    words = " ".join(_texts(card.frame))
    assert f"Attached: {RECORD} (R to read it again)" in words
