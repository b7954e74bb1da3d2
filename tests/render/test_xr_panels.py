"""Headset panels as drawn (Panda3D nodes, no headset needed): the keyboard and documents."""

from __future__ import annotations

from typing import Any

import pytest

from engine.interact.keys import DONE
from engine.interact.lines import Line, say
from engine.interact.screen import Entry, PanelShown, Screen, Section
from engine.present.texts import UI_EN


def colour(node: Any) -> tuple[float, ...]:
    return tuple(round(c, 2) for c in node.node().getTextColor())


def words(line: Any) -> str:
    return UI_EN.get(line.id, line.id).format(**dict(line.args)) if line.args else \
        UI_EN.get(line.id, line.id)


@pytest.fixture
def holder(showbase: Any) -> Any:
    node = showbase.render.attachNewNode("keyboard-test")
    yield node
    node.removeNode()


def board(holder: Any, entry: Entry) -> tuple[Any, Any]:
    from engine.present.xr.keyboard import draw_keyboard
    from engine.present.xr.panels import KEY_NAMES

    _, _, field, done = draw_keyboard(holder, None, entry, words,
                                      lambda key: UI_EN[KEY_NAMES[key]], -0.4, 0.4, 0.3)
    return field, done


def test_done_is_greyed_until_a_required_reason_is_typed(holder: Any) -> None:
    prompt = say("ui/rationale_prompt_xr")
    _, blank = board(holder, Entry(prompt, "", required=True))
    _, typed = board(holder, Entry(prompt, "A", required=True))
    _, optional = board(holder, Entry(prompt, "", required=False))
    assert colour(blank) != colour(typed) and colour(optional) == colour(typed)


def test_a_blank_required_reason_says_what_is_missing_in_the_field(holder: Any) -> None:
    prompt = say("ui/rationale_prompt_xr")
    field, _ = board(holder, Entry(prompt, "", True, say("ui/rationale_needed_xr")))
    assert field.node().getText() == UI_EN["ui/rationale_needed_xr"]
    field, _ = board(holder, Entry(prompt, "N", True))
    assert field.node().getText() == "N_"
    assert DONE == "done"


def test_a_document_stands_in_the_world_with_its_heading_and_text(showbase: Any) -> None:
    from engine.interact.body import Body
    from engine.present.xr.panels import XrHud

    table = {**UI_EN, "doc/title": "Cargo manifest", "doc/body": "Bicycle parts, 22 pallets",
             "prop": "Examination tablet"}
    hud = XrHud(showbase.render, None, None, lambda line: table.get(line.id, line.id))
    try:
        shown = PanelShown("document", "document:tablet:*", Line("prop"),
                           sections=(Section(Line("doc/title"), (Line("doc/body"),)),))
        hud.draw(Screen(body=Body(), panel=shown))
        texts = [n.node().getText() for n in hud.stood["panel"].node.findAllMatches("**/+TextNode")]
        assert "Examination tablet" in texts
        assert any("Cargo manifest" in t and "22 pallets" in t for t in texts)
    finally:
        hud.destroy()
