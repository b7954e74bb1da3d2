"""The headset keyboard as drawn (Panda3D nodes, no headset needed): Done and what it says."""

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
