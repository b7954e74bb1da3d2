"""An enum variable's values can read as words on screen, each with its own string id."""

from __future__ import annotations

from pathlib import Path

from engine.core.view import VariableView
from engine.present.texts import Texts
from engine.scenario.loader import load_scenario
from engine.scenario.strings import string_table
from tests.unit.test_scenario_checks import edit, only, problems

LABELLED = edit(
    "  - {id: site, type: enum, values: [lane, bay], initial: lane}\n",
    "  - id: site\n    type: enum\n    values: [lane, bay]\n    initial: lane\n"
    "    value_labels: {bay: Isolation bay at the quay}\n",
)


def test_a_labelled_value_reads_as_its_words_and_others_as_before(tmp_path: Path) -> None:
    assert problems(tmp_path, LABELLED) == []
    scenario = load_scenario(tmp_path / "drill").scenario
    assert string_table(scenario)["drill/variable/site/value/bay"] == "Isolation bay at the quay"
    texts = Texts(scenario)
    label = "drill/variable/site/label"
    assert texts.value(VariableView("site", label, "bay", None)) == "Isolation bay at the quay"
    assert texts.value(VariableView("site", label, "lane", None)) == "lane"


def test_scn005_a_label_for_a_value_the_variable_does_not_have(tmp_path: Path) -> None:
    text = LABELLED.replace("{bay: Isolation", "{quay: Isolation")
    found = only(problems(tmp_path, text), "SCN005", 21, 26)
    assert found.message == "'quay' is not a value of 'site' (lane, bay)"


def test_scn013_value_labels_on_a_number(tmp_path: Path) -> None:
    plain = "  - {id: heat, type: float, initial: 20.0"
    text = LABELLED.replace(f"{plain}}}\n", f"{plain}, value_labels: {{hot: Hot}}}}\n")
    found = only(problems(tmp_path, text), "SCN013", 16, 58)
    assert found.message == "only an enum variable has 'value_labels'"


def test_the_status_plate_shows_a_labelled_value_in_its_words(tmp_path: Path) -> None:
    from engine.core.program import Program
    from engine.core.runtime import start
    from engine.core.view import view
    from engine.interact.status import value_line

    text = LABELLED.replace("    initial: lane\n", "    initial: lane\n    shown: true\n")
    text = text.replace("{bay: Isolation", "{lane: Inspection lane, bay: Isolation")
    assert problems(tmp_path, text) == []
    scenario = load_scenario(tmp_path / "drill").scenario
    program = Program.build(scenario)
    shown_view = view(program, start(program, 1)[0], "officer")
    shown = next(v for v in shown_view.variables if v.id == "site")
    assert shown.value_id == "drill/variable/site/value/lane"
    assert Texts(scenario).line(value_line(shown_view, shown, frozenset())) == "Inspection lane"
