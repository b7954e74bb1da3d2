"""Each role knows what it would know: its status plate, its documents, its messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from engine.core.program import Program, program_for
from engine.core.runtime import start, step
from engine.core.state import Event, Perform, Request, State
from engine.core.view import delivered_to, view
from engine.scenario.schema import Scenario
from tests.unit.test_scenario_checks import edit, only, problems

ME, POLICE = "customs_officer", "police_officer"


def play(program: Program, plan: list[tuple[int, Request | None]]) -> tuple[State, list[Event]]:
    state, events = start(program, 1)
    for t_ms, request in plan:
        state, more = step(program, state, request, t_ms)
        events += more
    return state, events


def plate(program: Program, state: State, role: str = ME) -> set[str]:
    return {v.id for v in view(program, state, role).variables}


def test_the_hottest_pallet_reading_appears_only_once_the_camera_has_been_used(
    container: Any,
) -> None:
    program = program_for(container)
    before, _ = play(program, [(60_000, None)])
    assert "pallet_temp" not in plate(program, before)
    scanned, _ = play(program, [(60_000, Perform("thermal_scan", ME))])
    assert "pallet_temp" in plate(program, scanned)
    assert "pallet_temp" in plate(program, scanned, POLICE)  # the team shares the reading


def test_injects_reach_their_recipients_only(container: Any) -> None:
    program = program_for(container)
    _, events = play(program, [(121_000, None)])
    request, traffic = [e for e in events if e.kind == "inject_fired"]
    assert delivered_to(program, request, ME) and not delivered_to(program, request, POLICE)
    assert delivered_to(program, traffic, ME) and delivered_to(program, traffic, POLICE)
    assert not delivered_to(program, traffic, "brand_expert")


def test_results_reach_who_acted_and_the_world_reaches_everyone(container: Any) -> None:
    program = program_for(container)
    _, events = play(program, [(1_000, Perform("don_ppe", ME)), (2_000, Perform("x", ME))])
    performed = next(e for e in events if e.kind == "performed")
    refused = next(e for e in events if e.kind == "refused")
    changed = next(e for e in events if e.kind == "variable_changed")
    assert delivered_to(program, performed, ME) and not delivered_to(program, performed, POLICE)
    assert delivered_to(program, refused, ME) and not delivered_to(program, refused, POLICE)
    assert delivered_to(program, changed, POLICE)
    assert not delivered_to(program, Event(0, "note", {"note": "read", "role": ME}), ME)


def test_a_decision_reaches_the_roles_it_is_for(container: Any) -> None:
    program = program_for(container)
    _, events = play(program, [(1_000, Perform("review_documents", ME))])
    opened = next(e for e in events if e.kind == "decision_opened")
    assert delivered_to(program, opened, ME) and not delivered_to(program, opened, POLICE)


DRILL = edit(
    "props:\n  - {id: crate, name: Crate, asset: models/box.glb}\n",
    "props:\n  - {id: crate, name: Crate, asset: models/box.glb, documents: [note, memo]}\n"
    "  - {id: chief_figure, name: Chief, asset: models/box.glb, role: chief}\n"
    "documents:\n"
    "  - {id: note, title: Note, kind: other, body: For everyone}\n"
    "  - {id: memo, title: Memo, kind: report, body: Officers only, shown_to: [officer]}\n",
).replace("{id: heat, type: float, initial: 20.0}",
          "{id: heat, type: float, initial: 20.0, shown: true, shown_to: [officer]}")


def test_documents_and_readings_follow_their_roles(tmp_path: Path) -> None:
    assert problems(tmp_path, DRILL) == []
    program = Program.build(Scenario.model_validate(yaml.safe_load(DRILL)))
    state, _ = start(program, 1)
    mine, theirs = view(program, state, "officer"), view(program, state, "chief")
    docs = {v.role: [d.id for p in v.props if p.id == "crate" for d in p.documents]
            for v in (mine, theirs)}
    assert docs == {"officer": ["note", "memo"], "chief": ["note"]}
    assert [v.id for v in mine.variables] == ["heat"] and theirs.variables == ()
    # a trainee never sees the figure of their own role: they are that person
    assert mine.prop("chief_figure") is not None and theirs.prop("chief_figure") is None


def test_scn021_showing_rules_on_a_variable_that_is_never_shown(tmp_path: Path) -> None:
    text = edit("{id: heat, type: float, initial: 20.0}",
                "{id: heat, type: float, initial: 20.0, shown_when: ppe}")
    d = only(problems(tmp_path, text), "SCN021", 16, 56)
    assert d.hint == "add 'shown: true'"


def test_unknown_roles_in_showing_rules_are_located(tmp_path: Path) -> None:
    text = DRILL.replace("shown_to: [officer]}", "shown_to: [oficer]}", 1)
    text = text.replace("    recipient: officer\n", "    recipient: officer\n    also_to: [chef]\n")
    found = [(d.code, d.line, d.col) for d in problems(tmp_path, text)]
    assert found == [("SCN005", 17, 75), ("SCN005", 44, 15)]
