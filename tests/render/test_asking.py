"""Asking a partner through the HUD, as at a desktop: the radio menu, the partner's figure,
and the partner's answer on a card (driven offscreen)."""

from __future__ import annotations

from typing import Any

from engine.core.program import program_for
from engine.core.runtime import start, step
from engine.core.state import Ask
from engine.core.view import view
from tests.render.conftest import ME, frame
from tests.render.test_desktop_input import press

POLICE = "police_officer"


def solo(loaded: Any, t_ms: int) -> Any:
    program = program_for(loaded)
    state, _ = start(program, 1, {ME})
    state, _ = step(program, state, None, t_ms)
    return view(program, state, ME)


def card_texts(presenter: Any) -> list[str]:
    """Each card's header and body, newest card first."""
    return [" / ".join(child.node().getText() for child in card.frame.getChildren()
                       if hasattr(child.node(), "getText"))
            for card in presenter.hud.cards]


def test_the_radio_menu_asks_the_police_for_the_cordon(presenter: Any, loaded: Any,
                                                       desktop: Any) -> None:
    frame(presenter, solo(loaded, 1_000), frames=1)
    press(presenter, "r")
    assert presenter.hud.panel is not None and presenter.hud.panel.kind == "radio"
    labels = [label for label, _ in presenter.hud.panel.options]
    wanted = "Police investigator — Set up a cordon and keep people back"
    assert wanted in labels and "Set up a cordon and keep people back" in labels  # or do it
    press(presenter, str(labels.index(wanted) + 1))
    assert desktop.poll() == [Ask("cordon_area", POLICE, ME, "radio")]


def test_face_to_face_at_the_police_figure(presenter: Any, loaded: Any, desktop: Any) -> None:
    shown = solo(loaded, 1_000)
    police = shown.prop("police_figure")
    assert police is not None
    x, y, _ = police.position
    presenter.look((x + 1.0, y + 3.0, 1.7), (x, y, 1.0))
    frame(presenter, shown, frames=1)
    assert presenter.focus == "police_figure"
    press(presenter, "e")
    assert presenter.hud.panel is not None and presenter.hud.panel.kind == "menu"
    labels = [label for label, _ in presenter.hud.panel.options]
    press(presenter, str(labels.index(
        "Police investigator — Record the evidence and start the chain of custody") + 1))
    assert desktop.poll() == [Ask("record_evidence", POLICE, ME, "face_to_face")]


def test_the_partners_answer_and_its_work_come_as_cards(presenter: Any, loaded: Any) -> None:
    program = program_for(loaded)
    state, _ = start(program, 1, {ME})
    state, asked = step(program, state, Ask("cordon_area", POLICE, ME, "radio"), 60_000)
    state, later = step(program, state, None, 120_000)
    presenter.notify(asked)
    assert card_texts(presenter)[0] == ("RADIO  ·  Police investigator / On our way. We will "
                                        "tape off the lane and move the queue back.")
    presenter.notify([e for e in later if e.kind == "performed"])
    assert card_texts(presenter)[0] == ("Police investigator has done it: Set up a cordon and "
                                        "keep people back")
    refused = step(program, state, Ask("record_evidence", POLICE, ME, "radio"), 121_000)[1]
    presenter.notify(refused)
    assert card_texts(presenter)[0].startswith("RADIO  ·  Police investigator / We record "
                                               "evidence once the goods are confirmed counterfeit")
