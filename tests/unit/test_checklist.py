"""Checklist diagnostics: every CHK code, located to the exact line and column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine.errors import CODES
from engine.scenario.loader import LoadedScenario
from grading.checklist import checklist_diagnostics, load_checklist
from tests.grading_support import load, scratch_project

BASE = """format: 1
id: cs
scenario: container-search
version: "1"
title: T
capabilities:
  - id: cap
    name: Cap
    targets:
      - id: tgt
        text: Target
        tasks:
          - id: task
            text: Task
            level: tactical
            role: customs_officer
            guidance: [G2.1]
            rule: {performed: don_ppe}
            feedback: {met: Good, missed: Bad}
"""

CASES = [
    ("CHK001", "title: T", "title: T\ncolour: red", "6:1", "unknown key 'colour'"),
    ("CHK002", 'version: "1"\n', "", "1:1", "missing required key 'version'"),
    ("CHK003", "rule: {performed: don_ppe}", "rule: {performed: don_ppe, fired: smoke_seen}",
     "18:19", "it has 'performed' and 'fired'"),
    ("CHK003", "level: tactical", "level: tactic", "15:20", "got 'tactic'"),
    ("CHK004", "- id: tgt", "- id: cap", "10:13", "the id 'cap' is already used by a capability"),
    ("CHK005", "rule: {performed: don_ppe}",
     "rule: {event: {performed: don_pp}, before: {fired: smoke_seen}}", "18:39",
     "the scenario has no action 'don_pp'"),
    ("CHK005", "rule: {performed: don_ppe}", "rule: {chosen: search_site, option: dockside}",
     "18:49", "decision 'search_site' has no option 'dockside'"),
    ("CHK005", "role: customs_officer", "role: customs", "16:19", "no role 'customs'"),
    ("CHK006", "guidance: [G2.1]", "guidance: [G2.1, G9.9]", "17:30",
     "'G9.9' is not a guidance line"),
    ("CHK007", "scenario: container-search", "scenario: site-visit", "3:11",
     "for scenario 'site-visit'"),
    ("CHK008", "rule: {performed: don_ppe}",
     "rule: {variable: container_location, max: {lt: 3}}", "18:55", "'max' needs a number"),
    ("CHK008", "rule: {performed: don_ppe}",
     "rule: {variable: container_location, at_end: {eq: dockside}}", "18:63",
     "has no value 'dockside'"),
    ("CHK009", "rule: {performed: don_ppe}", "rule: {performed: don_ppe, by: police_officer}",
     "18:44", "role 'police_officer' cannot perform 'don_ppe'"),
    ("CHK020", "rule: {performed: don_ppe}",
     "rule: {performed: don_ppe, asked_by: police_officer}", "18:50",
     "no role is asked for 'don_ppe' in the scenario"),
    ("CHK020", "rule: {performed: don_ppe}",
     "rule: {performed: record_evidence, by: police_officer, asked_by: police_officer}",
     "18:78", "no role police_officer is asked for 'record_evidence'"),
    ("CHK021", "rule: {performed: don_ppe}",
     "rule: {never: photograph_labels, by: customs_officer, played_by: engine}", "18:78",
     "the engine never takes 'photograph_labels' as customs_officer"),
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LoadedScenario]:
    scenarios = scratch_project(tmp_path_factory.mktemp("checklists"))
    return scenarios, load(scenarios)


def test_the_base_checklist_is_valid(world: tuple[Path, LoadedScenario]) -> None:
    scenarios, loaded = world
    path = scenarios / "container-search" / "cs.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert checklist_diagnostics(path, loaded)[1] == []


@pytest.mark.parametrize(("code", "old", "new", "where", "words"), CASES)
def test_each_code_is_located(
    world: tuple[Path, LoadedScenario], code: str, old: str, new: str, where: str, words: str
) -> None:
    scenarios, loaded = world
    assert old in BASE
    path = scenarios / "container-search" / "bad.yaml"
    path.write_text(BASE.replace(old, new, 1), encoding="utf-8")
    found = checklist_diagnostics(path, loaded)[1]
    assert len(found) == 1, [d.format() for d in found]
    diagnostic = found[0]
    assert diagnostic.code == code
    assert f"{diagnostic.line}:{diagnostic.col}" == where
    assert words in diagnostic.message
    assert diagnostic.format().startswith(f"{path}:{where}: error {code}: ")


def test_every_chk_code_is_tested_and_documented() -> None:
    tested = {case[0] for case in CASES}
    assert tested == {code for code in CODES if code.startswith("CHK")}
    documented = (Path(__file__).resolve().parents[2] / "docs" / "errors.md").read_text("utf-8")
    assert all(f"| {code} |" in documented for code in CODES)


def test_the_container_checklist_is_valid(world: tuple[Path, LoadedScenario]) -> None:
    scenarios, loaded = world
    checklist = load_checklist(scenarios / "container-search" / "checklist.yaml", loaded)
    guidance = {g for _, _, item in checklist.items() for g in item.guidance}
    assert {"G2.1", "G2.2", "G2.3", "G2.4"} <= guidance
    assert {item.level for _, _, item in checklist.items()} == {
        "strategic", "operational", "tactical"}


def test_validate_covers_checklists(world: tuple[Path, LoadedScenario]) -> None:
    scenarios, _ = world
    checklist = scenarios / "container-search" / "checklist.yaml"
    good = checklist.read_text("utf-8")
    try:
        checklist.write_text(good.replace("{performed: compare_with_genuine}",
                                          "{performed: compare_with_fake}"), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "engine", "validate", str(scenarios)],
                                capture_output=True, text=True, check=False)
    finally:
        checklist.write_text(good, encoding="utf-8")
    assert result.returncode == 1, result.stdout
    assert "checklist.yaml:" in result.stdout
    assert "error CHK005: the scenario has no action 'compare_with_fake'" in result.stdout
