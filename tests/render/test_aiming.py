"""Aiming at small things side by side: the lead cards on the operations-room table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from engine.core.program import program_for
from engine.core.runtime import start
from engine.core.view import view
from tests.render.conftest import ROOT, frame, looking

ROOM = ROOT / "scenarios" / "prioritising-operations"
ME = "taskforce_coordinator"
EYE = (0.0, -2.6, 1.6)
CARDS = {"lead_card_b": -0.3, "lead_card_c": 0.3}  # x on the table; y 0.15, top at 0.75


@pytest.fixture(scope="module")
def room(showbase: Any) -> Iterator[Any]:
    from engine.present.panda.presenter import PandaPresenter
    from engine.present.panda.window import WindowSpec
    from engine.scenario.loader import load_scenario

    size = (showbase.win.getXSize(), showbase.win.getYSize())
    shown = PandaPresenter(load_scenario(ROOM), ME, WindowSpec("offscreen", *size), base=showbase)
    yield shown
    shown.close()


def aimed_at(room: Any, x: float, eye: tuple[float, float, float] = EYE) -> str | None:
    program = program_for(room.loaded)
    shown = view(program, start(program, 1)[0], ME)
    frame(room, shown, body=looking(eye, (x, 0.15, 0.76)))
    return room.scene.pick(room.base.camera, {p.id for p in shown.props if p.interactable})  # type: ignore[no-any-return]


@pytest.mark.parametrize("card", sorted(CARDS))
def test_the_card_aimed_at_is_picked(room: Any, card: str) -> None:
    assert aimed_at(room, CARDS[card]) == card


@pytest.mark.parametrize("card", sorted(CARDS))
def test_a_near_miss_picks_the_nearer_card(room: Any, card: str) -> None:
    """Between the two cards, a little to one side of the middle: that side's card."""
    towards = 0.04 if CARDS[card] > 0 else -0.04
    assert aimed_at(room, towards) == card


def test_aiming_at_the_bare_table_far_from_any_card_picks_nothing(room: Any) -> None:
    assert aimed_at(room, 2.4) is None


@pytest.mark.parametrize("card", sorted(CARDS))
def test_from_a_seat_at_the_side_the_laptop_in_front_does_not_take_the_aim(room: Any,
                                                                           card: str) -> None:
    """The laptop lies between this seat and the cards: aiming past it at a card picks the
    card, not the laptop whose margin the line of sight crosses first."""
    assert aimed_at(room, CARDS[card], (-2.5, -1.5, 1.6)) == card
