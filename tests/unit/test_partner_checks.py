"""What validate says about partners: each request and behaviour, located to its line."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.test_scenario_checks import edit, only, problems

PARTNERED = edit(
    "  - {id: chief, name: Chief, agency: fire_service}\n",
    "  - id: chief\n"
    "    name: Chief\n"
    "    agency: fire_service\n"
    "    on_request:\n"
    "      - {action: cool, via: [radio], delay: {min: 5, max: 15}, answer: 'At {heat}, yes'}\n"
    "    behaviours:\n"
    "      - {id: arrive, do: cool, trigger: {when: ppe, after: 30}}\n",
).replace(
    "decisions:\n",
    "  - {id: cool, verb: cool, label: Cool it, roles: [chief], target: crate,\n"
    "     effects: {set: {heat: 10.0}}}\n"
    "decisions:\n",
)
PLAN = """\
id: p
title: Plan
role: officer
steps:
  - {at: 5, do: don}
  - {at: 6, ask: chief, do: cool, via: radio}
"""


def test_a_partner_that_cools_when_asked_and_on_its_own_is_clean(tmp_path: Path) -> None:
    # an action only the simulated chief takes is fine once the engine takes it for the chief
    assert problems(tmp_path, PARTNERED, PLAN) == []


def test_scn015_still_holds_for_an_action_nobody_takes(tmp_path: Path) -> None:
    text = PARTNERED.replace("      - {action: cool,", "      - {action: don,").replace(
        "do: cool, trigger", "do: don, trigger")
    found = [d.code for d in problems(tmp_path, text)]
    assert "SCN015" in found


def test_scn016_a_partner_asked_for_what_it_cannot_do(tmp_path: Path) -> None:
    text = PARTNERED.replace("      - {action: cool,", "      - {action: don,")
    d = only(problems(tmp_path, text), "SCN016", 15, 18)
    assert "'chief' is asked for 'don'" in d.message and d.hint is not None


def test_scn016_a_behaviour_of_what_the_role_cannot_do(tmp_path: Path) -> None:
    text = PARTNERED.replace("do: cool, trigger", "do: don, trigger")
    only(problems(tmp_path, text), "SCN016", 17, 26)
    decides = PARTNERED.replace("do: cool, trigger", "choose: where, option: bay, trigger")
    d = only(problems(tmp_path, decides), "SCN016", 17, 30)
    assert "not its decision" in d.message


def test_scn017_a_behaviour_that_can_never_happen(tmp_path: Path) -> None:
    late = PARTNERED.replace("trigger: {when: ppe, after: 30}", "trigger: {at: 900}")
    d = only(problems(tmp_path, late), "SCN017", 17, 46)
    assert "after the time limit" in d.message
    never = PARTNERED.replace("trigger: {when: ppe, after: 30}", "trigger: {when: site == bay}")
    never = never.replace("effects: {set: {site: bay}}", "")
    assert ("SCN017", 17, 48) in [(x.code, x.line, x.col) for x in problems(tmp_path, never)]
    only(problems(tmp_path, PARTNERED.replace("trigger: {when: ppe, after: 30}", "trigger: {}")),
         "SCN017", 17, 41)


def test_scn018_a_playable_role_with_nothing_to_do(tmp_path: Path) -> None:
    text = edit("  - {id: chief, name: Chief, agency: fire_service}\n",
                "  - {id: chief, name: Chief, agency: fire_service, playable: true}\n")
    d = only(problems(tmp_path, text), "SCN018", 11, 62)
    assert "'chief' would have nothing to do" in d.message
    # a partner it can ask gives it something to do
    asks = PARTNERED.replace("    agency: fire_service\n", "    agency: fire_service\n", 1)
    asks = asks.replace("  - {id: officer, name: Officer, agency: customs, playable: true}\n",
                        "  - id: officer\n    name: Officer\n    agency: customs\n"
                        "    playable: true\n    on_request: [{action: don}]\n")
    asks = asks.replace("agency: fire_service\n    on_request", "agency: fire_service\n"
                        "    playable: true\n    on_request")
    assert [d.code for d in problems(tmp_path, asks)] == []


def test_a_delay_that_ends_before_it_starts(tmp_path: Path) -> None:
    text = PARTNERED.replace("delay: {min: 5, max: 15}", "delay: {min: 25, max: 15}")
    only(problems(tmp_path, text), "SCN003", 15, 45)


def test_unknown_names_in_requests_and_behaviours(tmp_path: Path) -> None:
    text = PARTNERED.replace("{action: cool,", "{action: coal,").replace(
        "after: 30}}", "after: 30}, for: oficer}")
    found = [(d.code, d.line, d.col) for d in problems(tmp_path, text)]
    assert ("SCN005", 15, 18) in found and ("SCN005", 17, 70) in found
    assert [d.code for d in problems(tmp_path, PARTNERED.replace("'At {heat}, yes'",
                                                                 "'At {hot}'"))] == ["SCN019"]


def test_walkthrough_asks_are_checked(tmp_path: Path) -> None:
    cases = [
        ("ask: chief, do: cool, via: radio", "ask: chief, do: don, via: radio", "WLK008", 6, 29),
        ("ask: chief, do: cool, via: radio", "ask: chief, do: cool, via: phone", "WLK009", 6, 40),
        ("ask: chief, do: cool, via: radio", "ask: officer, do: don", "WLK011", 6, 18),
        ("ask: chief, do: cool, via: radio", "ask: chef, do: cool", "WLK004", 6, 18),
        ("role: officer\n", "role: officer\nplayers: [officer]\n", None, 0, 0),
        ("  - {at: 5, do: don}\n", "  - {at: 5, do: don, role: chief}\n", "WLK007", 5, 28),
    ]
    for old, new, code, line, col in cases:
        found = [(d.code, d.line, d.col) for d in problems(tmp_path, PARTNERED,
                                                             PLAN.replace(old, new))]
        assert found == ([] if code is None else [(code, line, col)]), (new, found)


def test_wlk010_a_step_by_a_role_that_is_not_a_player(tmp_path: Path) -> None:
    two = PARTNERED.replace("agency: fire_service\n    on_request",
                            "agency: fire_service\n    playable: true\n    on_request")
    plan = PLAN.replace("role: officer\n", "role: officer\nplayers: [officer]\n").replace(
        "  - {at: 5, do: don}\n", "  - {at: 5, do: cool, role: chief}\n")
    found = [(d.code, d.line, d.col) for d in problems(tmp_path, two, plan)]
    assert found == [("WLK010", 6, 29)]
    found = [(d.code, d.line, d.col) for d in problems(tmp_path, two, PLAN.replace(
        "role: officer\n", "role: officer\nplayers: [chief]\n"))]
    assert ("WLK010", 4, 10) in found


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["cool", "don", "where", "x", "", "1", "[radio]",
                                           "{min: 3}", "-2", "ppe", "'{heat}'", "true"]),
                          st.integers(0, 200)), min_size=1, max_size=4))
def test_mutated_partner_sections_get_located_answers_never_a_crash(
    tmp_path: Path, edits: list[tuple[str, int]]
) -> None:
    text = PARTNERED
    start = text.index("    on_request:")
    end = text.index("actions:")
    for word, at in edits:
        cut = start + at % (end - start)
        text = text[:cut] + word + text[cut:]
        end += len(word)
    for d in problems(tmp_path, text):
        assert d.line >= 1 and d.col >= 1 and d.code[:3] in ("SCN", "YML"), d.format()


def test_a_flow_mapping_missing_its_comma_is_a_located_yml005(tmp_path: Path) -> None:
    text = PARTNERED.replace("{action: cool, via: [radio],", "{action: cool via: [radio],")
    d = only(problems(tmp_path, text), "YML005", 15, 26)
    assert d.message.startswith("expected ',' or '}' in the mapping")
