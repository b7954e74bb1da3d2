"""`taskforce grade` refuses, with one located line each, logs it cannot grade honestly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "container-search"


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("grade-cli") / "ref.jsonl"
    plan = SCENARIO / "walkthroughs" / "reference.yaml"
    assert main(["play", str(SCENARIO), "--plan", str(plan), "--log", str(path)]) == 0
    return path


def grade(*args: str, cwd: Path = ROOT, home: Path | None = None) -> (
    subprocess.CompletedProcess[str]
):
    env = dict(os.environ, TASKFORCE_HOME=str(home)) if home is not None else None
    return subprocess.run([sys.executable, "-m", "engine", "grade", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_grade_reads_the_log_and_rates_it(log: Path) -> None:
    result = grade(str(log))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "overall: P" in result.stdout


def test_missing_checklist_is_grd002(log: Path, tmp_path: Path) -> None:
    result = grade(str(log), "--checklist", str(tmp_path / "none.yaml"))
    assert result.returncode != 0 and f"{log}:1:1: error GRD002:" in result.stdout


def test_log_of_another_scenario_is_grd003(log: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    text = (SCENARIO / "scenario.yaml").read_text().replace("id: container-search", "id: drill", 1)
    (other / "scenario.yaml").write_text(text)
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    result = grade(str(log), "--scenario", str(other), "--force")
    assert result.returncode != 0 and f"{log}:1:1: error GRD003:" in result.stdout


def test_scenario_that_cannot_be_found_is_grd004(tmp_path: Path) -> None:
    """A scenario played outside the known scenario folders, whose recorded version the
    station no longer keeps, is not followed there."""
    elsewhere = tmp_path / "elsewhere" / "drill"
    elsewhere.mkdir(parents=True)
    text = (SCENARIO / "scenario.yaml").read_text() + "# a trainer's own copy\n"
    (elsewhere / "scenario.yaml").write_text(text)
    (elsewhere / "checklist.yaml").write_text((SCENARIO / "checklist.yaml").read_text())
    (tmp_path / "elsewhere" / "assets").symlink_to(ROOT / "assets")
    log = tmp_path / "drill.jsonl"
    plan = SCENARIO / "walkthroughs" / "reference.yaml"
    assert main(["play", str(elsewhere), "--plan", str(plan), "--log", str(log)]) == 0
    from engine.record.store import find_version
    from engine.scenario.loader import content_hash

    kept = find_version(content_hash(text.encode()))
    assert kept is not None
    kept.unlink()
    result = grade(str(log), cwd=tmp_path)
    assert result.returncode != 0 and f"{log}:1:1: error GRD004:" in result.stdout
    assert "is not in the known scenario folders" in result.stdout
    assert "--scenario PATH" in result.stdout
    named = grade(str(log), "--scenario", str(elsewhere), cwd=tmp_path)
    assert named.returncode == 0, named.stdout
