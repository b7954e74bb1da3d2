"""Headset panels as drawn (Panda3D nodes, no headset needed): the keyboard and headings."""

from __future__ import annotations

from typing import Any

import pytest

from engine.present.texts import UI_EN
from engine.present.xr.keys import DONE


def colour(node: Any) -> tuple[float, ...]:
    return tuple(round(c, 2) for c in node.node().getTextColor())


@pytest.fixture
def keyboard(showbase: Any) -> Any:
    from engine.present.xr.keyboard import Keyboard
    from engine.present.xr.panels import KEY_NAMES

    board = Keyboard(True, lambda key: UI_EN[KEY_NAMES[key]], UI_EN["ui/rationale_needed"])
    holder = showbase.render.attachNewNode("keyboard-test")
    board.draw(holder, None, UI_EN["ui/rationale_xr"], -0.4, 0.4, 0.3)
    yield board
    holder.removeNode()


def test_done_is_greyed_until_a_required_reason_is_typed(keyboard: Any) -> None:
    greyed = colour(keyboard.done_label)
    keyboard.press("a")
    assert colour(keyboard.done_label) != greyed
    keyboard.press("backspace")
    assert colour(keyboard.done_label) == greyed


def test_done_on_a_blank_required_reason_says_what_is_missing(keyboard: Any) -> None:
    assert keyboard.press(DONE) is None
    assert keyboard.field.node().getText() == UI_EN["ui/rationale_needed"]
    keyboard.press("n")
    assert keyboard.field.node().getText() == "N_"
    assert keyboard.press(DONE) == "N"


def test_document_headings_are_styled_in_a_headset_without_the_desktop_hud() -> None:
    """A fresh process, so no desktop HUD has registered anything before."""
    import subprocess
    import sys

    from tests.render.conftest import ROOT, SCENARIO

    program = f"""
from engine.present.panda.presenter import PandaPresenter
from engine.present.panda.window import WindowSpec
from engine.present.xr.panels import XrHud
from engine.scenario.loader import load_scenario
from panda3d.core import TextPropertiesManager
loaded = load_scenario({str(SCENARIO)!r})
presenter = PandaPresenter(loaded, "customs_officer", WindowSpec("offscreen", 320, 180),
                           hud_factory=lambda p: XrHud(p.base.render, p.font, p.bold, p.texts))
print(TextPropertiesManager.getGlobalPtr().hasProperties("title"))
presenter.close()
"""
    result = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.stdout.strip().splitlines()[-1:] == ["True"], result.stdout + result.stderr
