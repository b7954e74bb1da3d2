"""Across the shipped scenarios, every guidance line G0.1-G5.4 is cited by a checklist task and
broken alone by a walkthrough whose grade misses exactly the tasks that encode that line."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from engine.play import play
from engine.scenario.guidance import GUIDANCE
from engine.scenario.loader import LoadedScenario, load_scenario, load_walkthrough
from engine.scenario.walkthrough import Walkthrough
from grading.checklist import CHECKLIST_FILE, Checklist, load_checklist
from grading.grade import Report, grade_records
from grading.logread import read_session

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p.parent for p in (ROOT / "scenarios").glob("*/scenario.yaml"))
WALKTHROUGHS = sorted((ROOT / "scenarios").glob("*/walkthroughs/*.yaml"))


@cache
def scenario(folder: Path) -> tuple[LoadedScenario, Checklist]:
    loaded = load_scenario(folder)
    return loaded, load_checklist(folder / CHECKLIST_FILE, loaded)


def graded(plan_file: Path, logs: Path) -> tuple[Walkthrough, Report]:
    loaded, checklist = scenario(plan_file.parents[1])
    plan = load_walkthrough(plan_file, loaded)
    result = play(loaded, plan, log_path=logs / f"{plan_file.stem}.jsonl")
    return plan, grade_records(read_session(result.log_path), loaded, checklist, "")


def test_every_guidance_line_is_cited_by_some_checklist_task() -> None:
    cited = {g for folder in SCENARIOS for cap in scenario(folder)[1].capabilities
             for target in cap.targets for item in target.tasks for g in item.guidance}
    assert sorted(set(GUIDANCE) - cited) == []


def test_every_guidance_line_is_broken_alone_by_some_walkthrough() -> None:
    alone = {load_walkthrough(p, scenario(p.parents[1])[0]).breaks[0] for p in WALKTHROUGHS
             if len(load_walkthrough(p, scenario(p.parents[1])[0]).breaks) == 1}
    assert sorted(set(GUIDANCE) - alone) == []


def test_each_scenario_practises_the_lines_its_flawed_walkthroughs_break() -> None:
    for folder in SCENARIOS:
        loaded = scenario(folder)[0]
        broken = {g for p in loaded.walkthrough_files()
                  for g in load_walkthrough(p, loaded).breaks}
        assert broken <= set(loaded.scenario.guidance), folder.name


@pytest.mark.parametrize("plan_file", WALKTHROUGHS, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_a_walkthrough_misses_exactly_what_it_expects(plan_file: Path, tmp_path: Path) -> None:
    plan, report = graded(plan_file, tmp_path)
    missed = {r.item.id for r in report.results if r.missed}
    assert missed == set(plan.expect.missed)
    ratings = {c.capability.id: c.rating for c in report.capabilities}
    if not plan.breaks:
        assert set(ratings.values()) == {"P"}, ratings
        unseen = [r.item.id for r in report.results if not r.observed]
        assert unseen == [], "a reference walkthrough must let every task be observed"
        return
    assert set(ratings.values()) != {"P"}, "a flawed walkthrough that grading does not catch"
    if len(plan.breaks) == 1:
        (line,) = plan.breaks
        for result in report.results:
            if result.missed:
                assert line in result.item.guidance, (result.item.id, result.item.guidance)
