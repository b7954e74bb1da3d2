"""Grading real logs of the container-search walkthroughs: rules, evidence, ratings, output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from engine.play import play
from engine.record.log import read_log
from engine.scenario.loader import LoadedScenario, load_walkthrough
from grading.checklist import Rule
from grading.facts import Facts
from grading.grade import Grader, walkthrough_rating_problems
from grading.logread import read_session
from grading.report import render_json, render_text
from grading.rules import Context, evaluate
from tests.grading_support import crashed_log, load, scratch_project

PLANS = ["reference", "no-ppe", "by-hand", "beside-the-gate", "late-fire-call", "battery-fire"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("grade")
    scenarios = scratch_project(root)
    loaded = load(scenarios)
    logs, results = {}, {}
    for name in PLANS:
        plan = load_walkthrough(loaded.folder / "walkthroughs" / f"{name}.yaml", loaded)
        results[name] = (plan, play(loaded, plan, log_path=root / "logs" / f"{name}.jsonl"))
        logs[name] = results[name][1].log_path
    return {"root": root, "loaded": loaded, "logs": logs, "results": results}


def context(world: dict[str, Any], name: str) -> Context:
    loaded: LoadedScenario = world["loaded"]
    facts = Facts.build(loaded.scenario, read_session(world["logs"][name]).records)
    return Context.of(loaded.scenario, facts)


def check(world: dict[str, Any], name: str, rule: dict[str, Any]) -> tuple[bool, list[Any], str]:
    outcome = evaluate(Rule.model_validate(rule), context(world, name))
    return outcome.met, [(e.i, e.t, e.actor) for e in outcome.evidence], outcome.reason


def record(world: dict[str, Any], name: str, kind: str, **fields: Any) -> dict[str, Any]:
    """The first record of the log that matches, read the plain way (``read_log``)."""
    for r in read_log(world["logs"][name]).records:
        if r["k"] == kind and all(r.get(k) == v for k, v in fields.items()):
            return r
    raise AssertionError(f"no {kind} {fields}")


def test_performed_and_by_with_evidence(world: dict[str, Any]) -> None:
    ppe = record(world, "reference", "performed", action="don_ppe")
    met, evidence, _ = check(world, "reference", {"performed": "don_ppe"})
    assert met and evidence == [(ppe["i"], 40_000, "customs_officer")]
    assert check(world, "reference", {"performed": "cordon_area", "by": "police_officer"})[0]
    met, evidence, reason = check(world, "reference",
                                  {"performed": "cordon_area", "by": "customs_officer"})
    ended = record(world, "reference", "ended")
    assert not met and evidence == [(ended["i"], ended["t"], None)]
    assert ("“Set up a cordon and keep people back” by the Customs examination officer was never "
            "done; the session ended at 09:20") in reason


def test_never(world: dict[str, Any]) -> None:
    assert check(world, "by-hand", {"never": "deploy_robot"})[0]
    met, evidence, reason = check(world, "reference", {"never": "deploy_robot"})
    assert not met and evidence[0][1] == 300_000 and "which must never happen" in reason


def test_before_and_after(world: dict[str, Any]) -> None:
    rule = {"event": {"performed": "don_ppe"}, "before": {"performed": "open_container"}}
    assert check(world, "reference", rule)[0]
    met, _, reason = check(world, "no-ppe", rule)
    assert not met and reason.endswith("with no “Put on protective equipment (coat, gloves, "
                                       "face shield, respirator)” before it.")
    after = {"event": {"performed": "open_container"}, "after": {"fired": "fire_crew_arrives"}}
    assert check(world, "reference", after)[0]
    met, evidence, reason = check(world, "late-fire-call", after)
    assert not met and "came only at 13:30 (line 145)" in reason and evidence[0][1] == 540_000


def test_within_start_and_inject(world: dict[str, Any]) -> None:
    early = {"event": {"performed": "call_fire_service"}, "within": "3:00"}
    assert check(world, "reference", early)[0]
    met, _, reason = check(world, "late-fire-call", early)
    assert not met and "at 08:30 (line 89), later than 03:00 after the start" in reason
    after_prompt = {"event": {"performed": "call_fire_service"}, "within": 60,
                    "of": {"fired": "fire_service_prompt"}}
    met, evidence, _ = check(world, "late-fire-call", after_prompt)
    assert met and [t for _, t, _ in evidence] == [480_000, 510_000]


def test_chosen_refused_threshold_ending(world: dict[str, Any]) -> None:
    assert check(world, "reference", {"chosen": "search_site", "option": "isolation_bay"})[0]
    assert not check(world, "beside-the-gate",
                     {"chosen": "search_site", "option": "isolation_bay"})[0]
    # the photograph comes after the fire has ended the exercise: never asked, never refused
    assert not check(world, "battery-fire", {"refused": "photograph_labels"})[0]
    assert check(world, "battery-fire", {"threshold": "thermal_runaway"})[0]
    assert not check(world, "reference", {"threshold": "thermal_runaway"})[0]
    ended = record(world, "battery-fire", "ended")
    met, evidence, _ = check(world, "battery-fire", {"ending": "battery_fire"})
    assert met and evidence == [(ended["i"], ended["t"], None)]


def test_variables_end_max_min(world: dict[str, Any]) -> None:
    assert check(world, "reference", {"variable": "handed_over", "at_end": {"eq": True}})[0]
    assert check(world, "reference",
                 {"variable": "container_location", "at_end": {"eq": "isolation_bay"}})[0]
    assert check(world, "reference", {"variable": "pallet_temp", "max": {"lt": 60}})[0]
    met, _, reason = check(world, "late-fire-call", {"variable": "pallet_temp", "max": {"lt": 60}})
    assert not met and "at its highest" in reason
    assert check(world, "reference", {"variable": "pallet_temp", "min": {"lt": 41}})[0]  # cooled


def test_count_and_combinations(world: dict[str, Any]) -> None:
    assert check(world, "reference", {"count": {"fired": "gate_traffic"}, "at_most": 1})[0]
    assert not check(world, "reference", {"count": {"performed": "thermal_scan"},
                                          "at_least": 2})[0]
    both = {"all": [{"performed": "don_ppe"}, {"performed": "police_don_ppe"}]}
    assert check(world, "reference", both)[0] and not check(world, "no-ppe", both)[0]
    either = {"any": [{"performed": "don_ppe"}, {"performed": "thermal_scan"}]}
    assert check(world, "no-ppe", either)[0]
    assert check(world, "reference", {"not": {"fired": "smoke_seen"}})[0]
    assert not check(world, "late-fire-call", {"not": {"fired": "smoke_seen"}})[0]


@pytest.mark.parametrize("name", PLANS)
def test_walkthrough_expectations_hold(world: dict[str, Any], name: str) -> None:
    plan, result = world["results"][name]
    assert plan.expect.ratings, "every walkthrough states its expected ratings"
    assert walkthrough_rating_problems(world["loaded"], plan, result) == []


def test_reference_is_p_everywhere_and_flaws_name_the_item(world: dict[str, Any]) -> None:
    grader = Grader()
    reference = grader.grade(world["logs"]["reference"])
    assert {c.rating for c in reference.capabilities} == {"P"}
    no_ppe = grader.grade(world["logs"]["no-ppe"])
    safety = no_ppe.capabilities[0]
    assert safety.rating == "M"
    assert safety.explanation == "M: objective met, but critical task ppe-before-opening missed"
    assert [r.item.id for r in no_ppe.critical_failures] == ["ppe-before-opening"]


def grade_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", "grade", *args],
                          capture_output=True, text=True, check=False)


def test_json_is_byte_identical(world: dict[str, Any], tmp_path: Path) -> None:
    log = world["logs"]["late-fire-call"]
    assert render_json(Grader().grade(log)) == render_json(Grader().grade(log))
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert grade_cli(str(log), "--format", "json", "--out", str(first)).returncode == 0
    assert grade_cli(str(log), "--format", "json", "--out", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_bytes())
    assert data["schema"] == "taskforce-grade/2" and data["overall"]["rating"] == "M"
    item = data["capabilities"][1]["items"][0]
    assert item["id"] == "fire-service-called-early" and item["met"] is False


def test_tampered_log_is_refused_unless_forced(world: dict[str, Any], tmp_path: Path) -> None:
    lines = world["logs"]["reference"].read_bytes().split(b"\n")
    at = next(n for n, line in enumerate(lines) if b'"k":"performed"' in line)
    lines[at] = lines[at].replace(b'"customs_officer"', b'"police_officer"')
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_bytes(b"\n".join(lines))
    refused = grade_cli(str(tampered))
    assert refused.returncode == 1
    assert "error LOG003" in refused.stdout and "error GRD001" in refused.stdout
    assert "--force" in refused.stdout
    forced = grade_cli(str(tampered), "--force")
    assert forced.returncode == 0
    assert forced.stdout.splitlines()[0].startswith("FORCED: verify refuses this log (")
    data = json.loads(grade_cli(str(tampered), "--force", "--format", "json").stdout)
    assert data["forced"] is True and data["banner"].startswith("FORCED")
    assert render_text(Grader().grade(world["logs"]["reference"])).splitlines()[0] != ""


def test_a_log_that_was_never_closed_is_graded_with_a_warning(
    world: dict[str, Any], tmp_path: Path
) -> None:
    loaded: LoadedScenario = world["loaded"]
    plan = loaded.folder / "walkthroughs" / "reference.yaml"
    unfinished = crashed_log(loaded.path, plan, tmp_path / "unfinished.jsonl", requests=6)
    result = grade_cli(str(unfinished))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[0].startswith(
        "UNFINISHED: crashed: the session stopped without closing")
    data = json.loads(grade_cli(str(unfinished), "--format", "json").stdout)
    assert data["session"]["closed"] is False and data["banner"].startswith("UNFINISHED")
    whole = json.loads(grade_cli(str(world["logs"]["reference"]), "--format", "json").stdout)
    assert whole["session"]["closed"] is True and whole["banner"] is None
    both = grade_cli(str(unfinished), str(world["logs"]["reference"]), "--summary")
    assert "1 never closed" in both.stdout


def test_cohort_summary(world: dict[str, Any]) -> None:
    logs = [str(world["logs"][name]) for name in PLANS]
    result = grade_cli(*logs, "--summary", "--format", "json", "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout)
    assert summary["graded"] == 6 and summary["passed"] == 1
    assert summary["capabilities"]["safe-examination"] == {"P": 1, "S": 1, "M": 3, "U": 1,
                                                           "N": 0}
    assert summary["most_missed"][0]["missed"] == 2
    assert summary["most_missed"][0]["guidance"][0]["id"].startswith("G")
    rows = {row["trainee"]: row for row in summary["trainees"]}
    assert rows["flawed-battery-fire"]["overall"] == "U" and rows["reference"]["passed"]
    assert rows["flawed-battery-fire"]["not_observed"] == 2
    prompt = next(i for i in summary["items"] if i["item"] == "no-fire-station-prompt")
    assert prompt["not_observed"] == 1 and prompt["met"] + prompt["missed"] == 5
    text = grade_cli(*logs, "--summary").stdout
    assert "passed 1/6" in text and "legend: P/S/M/U" in text
    assert "flawed-battery-fire" in text
    html = grade_cli(*logs, "--summary", "--format", "html").stdout
    for section in ("trainees", "distribution", "tasks", "most-missed", "legend"):
        assert f'id="{section}"' in html
    assert "error CLI023" in grade_cli(*logs, "--summary", "--format", "pdf").stdout
