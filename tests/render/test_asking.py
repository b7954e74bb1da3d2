"""Asking a partner through the interface, as at a desktop, with the engine playing the
police: the radio menu, the partner's figure, and the partner's answer on a card."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.present.texts import Texts
from tests.render.conftest import ME, Desk, looking, open_desk

POLICE = "police_officer"


@pytest.fixture
def solo(presenter: Any, loaded: Any, tmp_path: Path) -> Iterator[Desk]:
    opened = open_desk(presenter, loaded, tmp_path / "solo.jsonl", people={ME})
    yield opened
    opened.keys.close()
    opened.session.close("test")


def asks(desk: Desk) -> list[dict[str, Any]]:
    return [{k: x[k] for k in ("ask", "do", "via")} for x in desk.logged()
            if x["k"] == "request" and "ask" in x]


def cards(desk: Desk, loaded: Any) -> list[str]:
    words = Texts(loaded.scenario)
    return [words.line(c.header) + (" / " + words.line(c.body) if c.body else "")
            for c in desk.loop.controller.cards.shown(False)]


def test_the_radio_menu_asks_the_police_for_the_cordon(solo: Desk, loaded: Any) -> None:
    solo.frames()
    solo.press("r")
    solo.frames()
    panel = solo.loop.controller.screen().panel
    assert panel is not None and panel.kind == "radio"
    keys = [r.key for r in panel.rows]
    assert f"ask:{POLICE}:radio:cordon_area" in keys and "do:cordon_area" in keys  # or do it
    row = next(r for r in panel.rows if r.key == f"ask:{POLICE}:radio:cordon_area")
    solo.press(str(row.number))
    solo.frames()
    assert asks(solo) == [{"ask": POLICE, "do": "cordon_area", "via": "radio"}]
    assert any(c.startswith("RADIO  ·  Police investigator / On our way.") for c in
               cards(solo, loaded)), cards(solo, loaded)


def test_face_to_face_at_the_police_figure(solo: Desk, loaded: Any) -> None:
    solo.frames()
    police = solo.loop.view.prop("police_figure")
    assert police is not None
    x, y, _ = police.position
    solo.loop.controller.body = looking((x + 1.0, y + 3.0, 1.7), (x, y, 1.0))
    solo.frames(2)
    assert solo.loop.pointed.prop == "police_figure"
    solo.press("e")
    solo.frames()
    panel = solo.loop.controller.screen().panel
    assert panel is not None and panel.kind == "menu"
    row = next(r for r in panel.rows if r.key == f"ask:{POLICE}:face_to_face:record_evidence")
    solo.press(str(row.number))
    solo.frames()
    assert asks(solo) == [{"ask": POLICE, "do": "record_evidence", "via": "face_to_face"}]
    said = cards(solo, loaded)
    assert any("We record evidence once the goods are confirmed counterfeit" in c
               for c in said), said
