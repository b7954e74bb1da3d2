"""Documents that arrive with an inject or come out of an action, and records compared side by
side: what the view offers a role, what the log says, and what validation refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.core.program import Program
from engine.core.runtime import start, step
from engine.core.state import Perform
from engine.core.view import view
from engine.scenario.loader import load_scenario
from engine.scenario.strings import string_table
from tests.unit.test_scenario_checks import BASE, only, problems

WITH_DOCUMENTS = BASE.replace(
    "  - {id: crate, name: Crate, asset: models/box.glb}\n",
    "  - {id: crate, name: Crate, asset: models/box.glb, documents: [crate_label]}\n"
    "documents:\n"
    "  - {id: crate_label, title: Crate label, kind: label, body: Batch 7,"
    " compare_with: maker_record}\n"
    "  - {id: maker_record, title: Maker's record, kind: record, body: Batch 7 was never made}\n"
    "  - {id: reading, title: Reading, kind: result, body: No match}\n",
).replace(
    "    effects: {set: {ppe: true}}\n",
    "    effects: {set: {ppe: true}}\n    documents: [reading]\n",
).replace(
    "    content: Hello\n",
    "    content: Hello\n    documents: [maker_record]\n",
).replace("trigger: {when: ppe}", "trigger: {at: 500}")


@pytest.fixture()
def program(tmp_path: Path) -> Program:
    assert problems(tmp_path, WITH_DOCUMENTS) == []
    return Program.build(load_scenario(tmp_path / "drill").scenario)


def test_a_document_delivered_with_an_inject_is_held_from_then_on(program: Program) -> None:
    state, _ = start(program, 1)
    before = view(program, state, "officer")
    assert before.documents == ()
    state, events = step(program, state, None, 11_000)
    fired = [e for e in events if e.kind == "inject_fired"]
    assert [e.data["documents"] for e in fired] == [["maker_record"]]
    after = view(program, state, "officer")
    assert [d.id for d in after.documents] == ["maker_record"]
    assert after.documents[0].kind == "record"


def test_the_label_is_shown_beside_the_record_once_the_record_is_at_hand(
    program: Program,
) -> None:
    state, _ = start(program, 1)
    label = view(program, state, "officer").props[0].documents[0]
    assert (label.id, label.beside) == ("crate_label", None)
    state, _ = step(program, state, None, 11_000)
    label = view(program, state, "officer").props[0].documents[0]
    assert label.beside is not None and label.beside.id == "maker_record"
    assert label.beside.body_id == "drill/document/maker_record/body"


def test_an_action_produces_its_documents_for_the_one_who_did_it(program: Program) -> None:
    state, _ = start(program, 1)
    state, events = step(program, state, Perform("don", "officer"), 2_000)
    assert [d.id for d in view(program, state, "officer").documents] == ["reading"]
    assert [e.kind for e in events if e.kind == "performed"] == ["performed"]


def test_every_document_string_the_view_names_is_in_the_table(program: Program) -> None:
    state, _ = start(program, 1)
    state, _ = step(program, state, Perform("don", "officer"), 11_000)
    v = view(program, state, "officer")
    table = string_table(program.scenario)
    shown = [*v.documents, *(d for p in v.props for d in p.documents)]
    shown += [d.beside for d in shown if d.beside is not None]
    assert shown and all(d.title_id in table and d.body_id in table for d in shown)


def test_scn005_an_unknown_document_on_an_inject(tmp_path: Path) -> None:
    text = WITH_DOCUMENTS.replace("documents: [maker_record]", "documents: [maker_recrod]")
    found = [d for d in problems(tmp_path, text) if d.code == "SCN005"]
    assert [(d.line, d.message, d.hint) for d in found] == [
        (46, "unknown document 'maker_recrod'", "did you mean 'maker_record'?")]


def test_scn005_an_unknown_record_to_compare_with(tmp_path: Path) -> None:
    text = WITH_DOCUMENTS.replace("compare_with: maker_record", "compare_with: makers_record")
    found = only(problems(tmp_path, text), "SCN005", 15, 85)
    assert found.message == "unknown document 'makers_record'"


def test_scn051_a_document_compared_with_itself(tmp_path: Path) -> None:
    text = WITH_DOCUMENTS.replace("compare_with: maker_record", "compare_with: crate_label")
    found = only(problems(tmp_path, text), "SCN051", 15, 85)
    assert found.message == "document 'crate_label' is compared with itself"


def test_scn052_a_document_no_one_can_read(tmp_path: Path) -> None:
    text = WITH_DOCUMENTS.replace("    documents: [reading]\n", "")
    found = only(problems(tmp_path, text), "SCN052", 17, 10)
    assert found.message == "no one can ever read document 'reading'"
    assert "deliver it with an inject or an action" in (found.hint or "")
