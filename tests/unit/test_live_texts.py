"""Messages that name variables: checked when the file loads, sent with the values they name."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.core.program import Program
from engine.core.runtime import start, step
from engine.core.state import Perform
from engine.present.texts import Texts
from engine.scenario.schema import Scenario
from engine.scenario.strings import fields_in, fill
from tests.unit.test_scenario_checks import BASE, edit, only, problems

LIVE = edit("    content: Hello\n",
            "    content: 'Heat is {heat}, PPE on: {ppe}, site {site}; {{not a name}}'\n")


def program_of(text: str) -> Program:
    return Program.build(Scenario.model_validate(yaml.safe_load(text)))


def test_a_message_naming_variables_is_clean(tmp_path: Path) -> None:
    assert problems(tmp_path, LIVE) == []


def test_scn019_a_message_names_an_unknown_variable(tmp_path: Path) -> None:
    text = edit("    content: Hello\n", "    content: The reading is {heta} degrees\n")
    d = only(problems(tmp_path, text), "SCN019", 40, 14)
    assert "'{heta}'" in d.message and d.hint == "did you mean 'heat'?"


def test_scn019_a_literal_brace_gets_a_hint(tmp_path: Path) -> None:
    text = edit("message: Done}", "message: 'Done {see annex}'}")
    d = only(problems(tmp_path, text), "SCN019", 47, 65)
    assert d.hint == "write {{ and }} for a literal brace"


def test_scn020_a_label_that_names_a_variable_would_print_it_as_written(tmp_path: Path) -> None:
    text = edit("    label: Put on PPE\n", "    label: Put on PPE at {heat}\n")
    d = only(problems(tmp_path, text), "SCN020", 21, 12)
    assert "would show as written" in d.message
    # words in braces that name nothing stay literal outside messages
    assert problems(tmp_path, edit("    label: Put on PPE\n", "    label: Put on {kit}\n")) == []


def test_an_inject_carries_the_values_its_message_names() -> None:
    program = program_of(LIVE)
    state, _ = start(program, 1)
    state, events = step(program, state, None, 10_000)
    (fired,) = [e for e in events if e.kind == "inject_fired"]
    assert fired.data["values"] == {"heat": 21.0, "ppe": False, "site": "lane"}
    # a message that names nothing carries nothing: logs of such scenarios stay as they were
    plain = program_of(BASE)
    state, _ = start(plain, 1)
    _, events = step(plain, state, None, 10_000)
    assert "values" not in next(e for e in events if e.kind == "inject_fired").data


def test_values_are_those_once_the_effects_are_in() -> None:
    text = LIVE.replace("message: Done}", "message: 'PPE {ppe} at {heat}'}")
    program = program_of(text)
    state, _ = start(program, 1)
    _, events = step(program, state, Perform("don", "officer"), 5_000)
    (ended,) = [e for e in events if e.kind == "ended"]
    assert ended.data["values"] == {"heat": 20.5, "ppe": True}


def test_texts_fill_values_by_type_as_the_status_plate_shows_them() -> None:
    scenario = Scenario.model_validate(yaml.safe_load(
        LIVE.replace("{id: heat, type: float, initial: 20.0}",
                     "{id: heat, type: float, initial: 20.0, unit: °C}")))
    texts = Texts(scenario)
    shown = texts.filled("drill/inject/hello/content",
                         {"heat": 57.25, "ppe": True, "site": "bay"})
    assert shown == "Heat is 57.2 °C, PPE on: yes, site bay; {not a name}"
    # an event without the value (an older log) shows the name, so the gap is visible
    assert texts.filled("drill/inject/hello/content", None).startswith("Heat is {heat}, ")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="ab{}_ x", max_size=30))
def test_filling_any_text_never_fails_and_keeps_text_without_fields(text: str) -> None:
    names = {name for name, _ in fields_in(text)}
    filled = fill(text, lambda name: "V" if name in names else None)
    if not names and "{{" not in text and "}}" not in text:
        assert filled == text


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="hetapsi{} ", min_size=1, max_size=20))
def test_any_message_either_validates_or_gets_a_located_scn019(tmp_path: Path, words: str) -> None:
    text = edit("    content: Hello\n", f"    content: {yaml.safe_dump(words).splitlines()[0]}\n")
    found = problems(tmp_path, text)
    assert all(d.code in ("SCN019", "YML005") and d.line >= 1 for d in found), found
