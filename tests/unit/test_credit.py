"""Who did what for whom: checklist rules that credit a request, or a person's own work."""

from __future__ import annotations

from typing import Any

import pytest

from engine.core.program import program_for
from engine.play import play
from engine.record.log import read_log
from engine.record.replay import replay
from engine.scenario.loader import load_walkthrough
from grading.checklist import Rule
from grading.facts import Facts
from grading.grade import grade_log
from grading.logread import read_session
from grading.rules import Context, evaluate
from tests.grading_support import load, scratch_project

PLANS = ["solo-customs", "solo-police", "reference"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("credit")
    loaded = load(scratch_project(root))
    logs = {}
    for name in PLANS:
        plan = load_walkthrough(loaded.folder / "walkthroughs" / f"{name}.yaml", loaded)
        logs[name] = play(loaded, plan, log_path=root / f"{name}.jsonl").log_path
    return {"loaded": loaded, "logs": logs}


def check(world: dict[str, Any], name: str, rule: dict[str, Any]) -> tuple[bool, str]:
    records = read_session(world["logs"][name]).records
    scenario = world["loaded"].scenario
    context = Context.of(scenario, Facts.build(scenario, records))
    outcome = evaluate(Rule.model_validate(rule), context)
    if outcome.met:
        return True, outcome.evidence[0].describe()
    return False, outcome.reason


def test_the_trainee_had_the_police_record_the_evidence(world: dict[str, Any]) -> None:
    rule = {"performed": "record_evidence", "by": "police_officer", "asked_by": "customs_officer"}
    met, said = check(world, "solo-customs", rule)
    assert met, said
    assert "asked by customs_officer; played by the engine" in said
    met, said = check(world, "solo-police", rule)
    assert not met and "at the request of the Customs examination officer" in said, said


def test_the_police_officer_recorded_it_when_a_person_played_the_police(
    world: dict[str, Any],
) -> None:
    rule = {"performed": "record_evidence", "by": "police_officer", "played_by": "person"}
    assert check(world, "solo-police", rule)[0] and check(world, "reference", rule)[0]
    assert not check(world, "solo-customs", rule)[0]
    engine = {"performed": "police_don_ppe", "played_by": "engine"}
    assert check(world, "solo-customs", engine)[0] and not check(world, "reference", engine)[0]


@pytest.mark.parametrize("name", PLANS)
def test_solo_sessions_rate_p_everywhere_and_replay(world: dict[str, Any], name: str) -> None:
    report = grade_log(world["logs"][name])
    assert {c.capability.id: c.rating for c in report.capabilities} == {
        "safe-examination": "P", "multi-agency": "P", "evidence": "P", "intelligence-led": "P"}
    contents = read_log(world["logs"][name])
    assert contents.header["people"] == {"solo-customs": ["customs_officer"],
                                         "solo-police": ["police_officer"],
                                         "reference": ["customs_officer", "police_officer"]}[name]
    replayed = replay(program_for(world["loaded"]), contents.header["seed"], contents.records,
                      name, people=contents.header["people"])
    assert replayed.diagnostics == []
