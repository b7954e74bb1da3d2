"""The medicine check through the interaction controller: the pack read beside the rights
holder's record once it has come, and documents received on messages read again from R."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.core.program import program_for
from engine.core.runtime import start
from engine.core.state import Perform
from engine.core.view import view
from engine.interact import intents as i
from engine.interact.controller import Controller, Pointed
from engine.present.texts import Texts
from engine.scenario.loader import load_scenario
from tests.unit.test_interact import Drive

ROOT = Path(__file__).resolve().parents[2]
ME = "customs_officer"
RECORD = "Meridia Pharma product record, Vasorin 100 mg"


@pytest.fixture
def drive() -> Drive:
    program = program_for(load_scenario(ROOT / "scenarios" / "medicine-check"))
    state, events = start(program, 1)
    controller = Controller(program, ME)
    controller.observe(view(program, state, ME), events, 0.0)
    return Drive(program, controller, state, events=list(events))


def do(drive: Drive, *actions: str) -> None:
    for action in actions:
        drive.controller.out.requests.append(Perform(action, ME))
        drive.frame()


def wait(drive: Drive, seconds: float) -> None:
    for _ in range(int(seconds)):
        drive.frame(seconds=1.0)


def test_the_pack_stands_beside_the_record_once_it_has_come(drive: Drive) -> None:
    words = Texts(drive.program.scenario)
    do(drive, "wear_gloves", "open_parcel", "examine_pack")
    drive.frame(i.Back())  # the pack's label opened by itself on examining it: put it down
    screen = drive.frame(i.Read(), pointed=Pointed(prop="medicine_pack"))
    assert screen.panel is not None and screen.panel.beside == ()
    drive.frame(i.Read(), pointed=Pointed(prop="medicine_pack"))
    do(drive, "request_product_record")
    wait(drive, 121)
    screen = drive.frame(i.Read(), pointed=Pointed(prop="medicine_pack"))
    panel = screen.panel
    assert panel is not None and panel.kind == "document"
    assert [words.line(s.title) for s in panel.sections] == ["The pack in hand"]
    assert [words.line(s.title) for s in panel.beside] == [RECORD]
    assert "Packs of 8: product code 05012345678924." in words.line(panel.beside[0].body[0])


def test_the_record_is_announced_with_its_attachment_and_reread_from_the_radio(
    drive: Drive,
) -> None:
    words = Texts(drive.program.scenario)
    do(drive, "wear_gloves", "open_parcel", "examine_pack")
    drive.frame(i.Back())
    do(drive, "request_product_record")
    wait(drive, 121)
    bodies = [words.line(c.body) for c in drive.controller.cards.shown(held=False) if c.body]
    assert any(b.endswith(f"Attached: {RECORD} (R to read it again)") for b in bodies), bodies
    screen = drive.frame(i.Radio())
    assert screen.panel is not None and screen.panel.kind == "radio"
    labels = [words.line(r.label) for r in screen.panel.rows]
    number = labels.index(f"Read: {RECORD}") + 1
    screen = drive.frame(i.Pick(number))
    assert screen.panel is not None and screen.panel.kind == "document"
    assert words.line(screen.panel.sections[0].title) == RECORD
    assert drive.notes[-1] == {"note": "read", "role": ME, "documents": ["product_record"]}
